"""MCP server with one tool: the current time in an IANA time zone."""
import os
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mcp.server.fastmcp import FastMCP

server = FastMCP("currenttime", host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))


@server.tool()
def current_time_by_timezone(tz_name: str = "UTC") -> str:
    """Returns the current time in the given IANA time zone (e.g. Europe/Berlin) as ISO 8601."""
    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"Unknown time zone {tz_name!r}; use an IANA name such as America/New_York"
    return datetime.now(zone).isoformat(timespec="seconds")


if __name__ == "__main__":
    server.run(transport=os.environ.get("MCP_TRANSPORT", "streamable-http"))
