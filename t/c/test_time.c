/*
 * ngx_pkg_reroute: C table tests for pr_time_parse() and pr_time_text().
 */

#include <string.h>
#include <time.h>

#include "pr_time.h"
#include "pr_test.h"


static const struct {
    const char  *text;
    int64_t      want;            /* -1: refused */
} rows[] = {
    { "1970-01-01", 0 },
    { "1970-01-01T00:00:00Z", 0 },
    { "2000-02-29", 951782400 },
    { "2024-03-31T12:00:00.123Z", 1711886400 },
    { "2024-03-31T12:00:00Z", 1711886400 },
    { "2024-03-31t12:00:00z", 1711886400 },
    { "2024-03-31 12:00:00", 1711886400 },
    { "2024-03-31T12:00", 1711886400 },
    { "2024-03-31T14:00:00+02:00", 1711886400 },
    { "2024-03-31T14:00:00+0200", 1711886400 },
    { "2024-03-31T07:30:00-04:30", 1711886400 },
    { "2024-03-31T12:00:00.123456789+00:00", 1711886400 },
    { "2019-03-06T16:35:42", 1551890142 },
    { "2019-03-06T16:35:42.123456Z", 1551890142 },
    { "2016-12-31T23:59:60Z", 1483228800 },
    { "2100-03-01", 4107542400 },
    { "9999-12-31T23:59:59Z", 253402300799 },
    /* registries' own form (pr_time_iso), its bounds as the others' */
    { "2024-02-29T23:59:60.999Z", 1709251200 },
    { "2020-08-13T16:53:54.152Z", 1597337634 },
    { "2023-02-29T00:00:00.5Z", -1 },
    { "2024-04-31T00:00:00.000Z", -1 },
    { "1969-12-31T23:59:59.999Z", -1 },
    { "2024-03-31T24:00:00.000Z", -1 },
    { "2024-03-31T12:00:00.1a2Z", -1 },
    { "2024-03-31T12:0a:00.000Z", -1 },
    { "2024-03-31T12:00:00,123Z", 1711886400 },
    { "", -1 },
    { "2024", -1 },
    { "2024-3-31", -1 },
    { "2024-13-01", -1 },
    { "2024-00-01", -1 },
    { "2023-02-29", -1 },
    { "2100-02-29", -1 },
    { "2024-04-31", -1 },
    { "1969-12-31", -1 },
    { "1970-01-01T00:00:00+01:00", -1 },
    { "2024-03-31T24:00:00Z", -1 },
    { "2024-03-31T12:60:00Z", -1 },
    { "2024-03-31T12:00:61Z", -1 },
    { "2024-03-31T12:00:00.Z", -1 },
    { "2024-03-31T12:00:00ZZ", -1 },
    { "2024-03-31T12:00:00+2:00", -1 },
    { "2024-03-31T12:00:00+24:00", -1 },
    { "2024-03-31T12", -1 },
    { "2024-03-31X12:00:00", -1 },
    { "2024-03-31T12:00:00 ", -1 },
    { " 2024-03-31", -1 },
    { "2024-03-31T12:00:00.5+01", -1 },
    { "+2024-03-31", -1 },
};


int
main(void)
{
    int        rc;
    char       buf[PR_TIME_TEXT_LEN + 1], want[64];
    size_t     i;
    time_t     tt;
    int64_t    t, s;
    struct tm  tm;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        t = -2;
        rc = pr_time_parse(rows[i].text, strlen(rows[i].text), &t);

        if (rows[i].want < 0) {
            PR_CHECK(rc == -1, "\"%s\": got %d %lld, want refused",
                     rows[i].text, rc, (long long) t);

        } else {
            PR_CHECK(rc == 0 && t == rows[i].want,
                     "\"%s\": got %d %lld, want %lld", rows[i].text, rc,
                     (long long) t, (long long) rows[i].want);
        }
    }

    /* text, and back, against gmtime() over four centuries */
    for (s = 0; s < 253402300800LL; s += 86400LL * 37 + 3601) {
        pr_time_text(s, buf);
        buf[PR_TIME_TEXT_LEN] = '\0';
        tt = (time_t) s;
        gmtime_r(&tt, &tm);
        strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
        PR_CHECK(strcmp(buf, want) == 0, "%lld: got %s want %s",
                 (long long) s, buf, want);
        PR_CHECK(pr_time_parse(buf, PR_TIME_TEXT_LEN, &t) == 0 && t == s,
                 "%s: parsed back %lld", buf, (long long) t);
    }

    PR_TEST_DONE("test_time");
}
