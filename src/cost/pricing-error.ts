/** The estimate cannot be computed without inventing a number (a region or instance class missing from the table). */
export class PricingError extends Error {}
