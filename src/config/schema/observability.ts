import { z } from "zod";

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** `observability`: how long CloudWatch keeps the logs, and who the alarms e-mail. */
export const observabilitySchema = z
  .strictObject({
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `is not a CloudWatch Logs retention period; use one of ${LOG_RETENTION_DAYS.join(", ")}`,
      })
      .default(30),
    alarmEmail: z
      .string()
      .refine((value) => EMAIL_PATTERN.test(value), {
        message: "is not an e-mail address; give one mailbox, e.g. oncall@mycorp.example",
      })
      .optional(),
  })
  .default({ logRetentionDays: 30 });
