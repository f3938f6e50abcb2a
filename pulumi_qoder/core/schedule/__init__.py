"""A deployment's schedule rules, computed locally with no API call: five-field cron
expressions and IANA time zones (`cron`), and the fire times a clock change skips or
repeats (`dst`)."""
