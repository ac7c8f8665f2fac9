/*
 * ngx_pkg_reroute: instants as registries and configuration write them.
 *
 * Registries give publication times in RFC 3339 / ISO 8601 forms: npm
 * "2024-03-31T12:00:00.123Z", PyPI "2019-03-06T16:35:42" (UTC, no zone)
 * and "2019-03-06T16:35:42.123456Z", Cargo's pubtime "2025-01-02T03:04:05Z",
 * Docker's "2024-03-31T12:00:00.123456789+02:00". Configuration gives a
 * date or an instant in the same forms.
 */

#ifndef _PR_TIME_H_INCLUDED_
#define _PR_TIME_H_INCLUDED_


#include "pr_core.h"


#define PR_TIME_TEXT_LEN  20       /* "2026-03-31T12:00:00Z" */


/*
 * Seconds since the epoch for
 *
 *   YYYY-MM-DD
 *   YYYY-MM-DD(T|t| )hh:mm[:ss[.fraction]][Z|z|+hh:mm|-hh:mm|+hhmm|-hhmm]
 *
 * (no zone: UTC; the fraction is dropped; a leap second :60 is the next
 * second), years 1970-9999; 0 and *t, or -1: anything else, whole text.
 */
int pr_time_parse(const char *p, size_t len, int64_t *t);

/* "YYYY-MM-DDThh:mm:ssZ" into buf (PR_TIME_TEXT_LEN bytes, no NUL) */
void pr_time_text(int64_t t, char *buf);


#endif /* _PR_TIME_H_INCLUDED_ */
