/**
 * A small table of common tz-database names -> POSIX TZ strings [spec 9.4]. The SDK ships ~425
 * names; this covers the zones most makers live in. A TZ not listed is still accepted, and TZ-POSIX
 * then stays as it was (the app or user can write TZ-POSIX directly).
 */
const CET = "CET-1CEST,M3.5.0,M10.5.0/3";
const EET = "EET-2EEST,M3.5.0/3,M10.5.0/4";
const US_EAST = "EST5EDT,M3.2.0,M11.1.0";
const US_CENTRAL = "CST6CDT,M3.2.0,M11.1.0";
const US_MOUNTAIN = "MST7MDT,M3.2.0,M11.1.0";
const US_PACIFIC = "PST8PDT,M3.2.0,M11.1.0";
const AU_EAST = "AEST-10AEDT,M10.1.0,M4.1.0/3";

export const TzPosix: Readonly<Record<string, string>> = Object.freeze({
  "UTC": "UTC0",
  "Etc/UTC": "UTC0",
  "Europe/London": "GMT0BST,M3.5.0/1,M10.5.0",
  "Europe/Dublin": "IST-1GMT0,M10.5.0,M3.5.0/1",
  "Europe/Lisbon": "WET0WEST,M3.5.0/1,M10.5.0",
  "Europe/Berlin": CET,
  "Europe/Paris": CET,
  "Europe/Madrid": CET,
  "Europe/Rome": CET,
  "Europe/Amsterdam": CET,
  "Europe/Brussels": CET,
  "Europe/Vienna": CET,
  "Europe/Zurich": CET,
  "Europe/Stockholm": CET,
  "Europe/Oslo": CET,
  "Europe/Copenhagen": CET,
  "Europe/Warsaw": CET,
  "Europe/Prague": CET,
  "Europe/Athens": EET,
  "Europe/Helsinki": EET,
  "Europe/Bucharest": EET,
  "Europe/Kyiv": EET,
  "Europe/Istanbul": "<+03>-3",
  "Europe/Moscow": "MSK-3",
  "Asia/Dubai": "<+04>-4",
  "Asia/Karachi": "PKT-5",
  "Asia/Kolkata": "IST-5:30",
  "Asia/Calcutta": "IST-5:30",
  "Asia/Kathmandu": "<+0545>-5:45",
  "Asia/Dhaka": "<+06>-6",
  "Asia/Bangkok": "<+07>-7",
  "Asia/Jakarta": "WIB-7",
  "Asia/Shanghai": "CST-8",
  "Asia/Hong_Kong": "HKT-8",
  "Asia/Singapore": "<+08>-8",
  "Asia/Taipei": "CST-8",
  "Asia/Manila": "PST-8",
  "Asia/Tokyo": "JST-9",
  "Asia/Seoul": "KST-9",
  "Australia/Perth": "AWST-8",
  "Australia/Adelaide": "ACST-9:30ACDT,M10.1.0,M4.1.0/3",
  "Australia/Brisbane": "AEST-10",
  "Australia/Sydney": AU_EAST,
  "Australia/Melbourne": AU_EAST,
  "Pacific/Auckland": "NZST-12NZDT,M9.5.0,M4.1.0/3",
  "Pacific/Honolulu": "HST10",
  "America/Anchorage": "AKST9AKDT,M3.2.0,M11.1.0",
  "America/Los_Angeles": US_PACIFIC,
  "America/Vancouver": US_PACIFIC,
  "America/Denver": US_MOUNTAIN,
  "America/Phoenix": "MST7",
  "America/Chicago": US_CENTRAL,
  "America/Mexico_City": "CST6",
  "America/New_York": US_EAST,
  "America/Toronto": US_EAST,
  "America/Bogota": "<-05>5",
  "America/Lima": "<-05>5",
  "America/Sao_Paulo": "<-03>3",
  "America/Argentina/Buenos_Aires": "<-03>3",
  "Africa/Lagos": "WAT-1",
  "Africa/Johannesburg": "SAST-2",
  "Africa/Nairobi": "EAT-3",
});

/** POSIX TZ string for a tz-database name, or undefined when the table does not know it. */
export function posixForTz(tz: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(TzPosix, tz) ? TzPosix[tz] : undefined;
}
