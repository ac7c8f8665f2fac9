/*
 * ngx_pkg_reroute: instants as registries and configuration write them.
 */

#include "pr_time.h"


static int pr_time_digits(const char *p, size_t n, int *v);
static int64_t pr_time_days(int y, int m, int d);
static int pr_time_iso(const char *p, size_t len, int64_t *t);


static int
pr_time_digits(const char *p, size_t n, int *v)
{
    size_t  i;

    *v = 0;

    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }

        *v = *v * 10 + (p[i] - '0');
    }

    return 0;
}


/* days since 1970-01-01 of a proleptic Gregorian date */
static int64_t
pr_time_days(int y, int m, int d)
{
    int64_t  era, yoe, doy, doe;

    y -= (m <= 2);
    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}


static const int  pr_time_mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
                                      31, 30, 31 };


#define pr_time_d(c)   ((unsigned) ((c) - '0') < 10)
#define pr_time_2(p)   (((p)[0] - '0') * 10 + (p)[1] - '0')


/*
 * What registries write, "2020-08-13T16:53:54.152Z" or without the
 * fraction: 0 and *t, or 1: not that form, for pr_time_parse() to read
 * (the same checks, the same answer; a document's thousands of times
 * are mostly these)
 */
static int
pr_time_iso(const char *p, size_t len, int64_t *t)
{
    int     y, mo, d, h, mi, s, mdays;
    size_t  i;

    if (len < 20 || p[len - 1] != 'Z' || p[4] != '-' || p[7] != '-'
        || p[10] != 'T' || p[13] != ':' || p[16] != ':'
        || !pr_time_d(p[0]) || !pr_time_d(p[1]) || !pr_time_d(p[2])
        || !pr_time_d(p[3]) || !pr_time_d(p[5]) || !pr_time_d(p[6])
        || !pr_time_d(p[8]) || !pr_time_d(p[9]) || !pr_time_d(p[11])
        || !pr_time_d(p[12]) || !pr_time_d(p[14]) || !pr_time_d(p[15])
        || !pr_time_d(p[17]) || !pr_time_d(p[18]))
    {
        return 1;
    }

    if (len > 20) {
        /* ".digits" before the Z */
        if (p[19] != '.' || len == 21) {
            return 1;
        }

        for (i = 20; i < len - 1; i++) {
            if (!pr_time_d(p[i])) {
                return 1;
            }
        }
    }

    y = pr_time_2(p) * 100 + pr_time_2(p + 2);
    mo = pr_time_2(p + 5);
    d = pr_time_2(p + 8);
    h = pr_time_2(p + 11);
    mi = pr_time_2(p + 14);
    s = pr_time_2(p + 17);

    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59
        || s > 60)
    {
        return 1;
    }

    mdays = pr_time_mdays[mo - 1];

    if (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) {
        mdays = 29;
    }

    if (d > mdays) {
        return 1;
    }

    *t = pr_time_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;

    return 0;
}


int
pr_time_parse(const char *p, size_t len, int64_t *t)
{
    int      y, mo, d, h, mi, s, zh, zm, sign, mdays;
    size_t   i;
    int64_t  v;

    if (pr_time_iso(p, len, t) == 0) {
        return 0;
    }

    if (len < 10 || p[4] != '-' || p[7] != '-'
        || pr_time_digits(p, 4, &y) != 0
        || pr_time_digits(p + 5, 2, &mo) != 0
        || pr_time_digits(p + 8, 2, &d) != 0
        || y < 1970 || mo < 1 || mo > 12 || d < 1)
    {
        return -1;
    }

    mdays = pr_time_mdays[mo - 1];

    if (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) {
        mdays = 29;
    }

    if (d > mdays) {
        return -1;
    }

    h = 0;
    mi = 0;
    s = 0;
    zh = 0;
    zm = 0;
    sign = 0;
    i = 10;

    if (i < len) {
        if ((p[i] != 'T' && p[i] != 't' && p[i] != ' ')
            || len < i + 6 || p[i + 3] != ':'
            || pr_time_digits(p + i + 1, 2, &h) != 0
            || pr_time_digits(p + i + 4, 2, &mi) != 0
            || h > 23 || mi > 59)
        {
            return -1;
        }

        i += 6;

        if (i < len && p[i] == ':') {
            if (len < i + 3 || pr_time_digits(p + i + 1, 2, &s) != 0
                || s > 60)
            {
                return -1;
            }

            i += 3;

            if (i < len && (p[i] == '.' || p[i] == ',')) {
                i++;

                if (i == len || p[i] < '0' || p[i] > '9') {
                    return -1;
                }

                while (i < len && p[i] >= '0' && p[i] <= '9') {
                    i++;
                }
            }
        }

        if (i < len) {
            if (p[i] == 'Z' || p[i] == 'z') {
                i++;

            } else if (p[i] == '+' || p[i] == '-') {
                sign = (p[i] == '+') ? 1 : -1;

                if (len - i == 6 && p[i + 3] == ':') {
                    if (pr_time_digits(p + i + 1, 2, &zh) != 0
                        || pr_time_digits(p + i + 4, 2, &zm) != 0)
                    {
                        return -1;
                    }

                } else if (len - i == 5) {
                    if (pr_time_digits(p + i + 1, 2, &zh) != 0
                        || pr_time_digits(p + i + 3, 2, &zm) != 0)
                    {
                        return -1;
                    }

                } else {
                    return -1;
                }

                if (zh > 23 || zm > 59) {
                    return -1;
                }

                i = len;
            }
        }

        if (i != len) {
            return -1;
        }
    }

    v = pr_time_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    v -= (int64_t) sign * (zh * 3600 + zm * 60);

    if (v < 0) {
        return -1;
    }

    *t = v;

    return 0;
}


void
pr_time_text(int64_t t, char *buf)
{
    int      y, m, d, s;
    int64_t  z, era, doe, yoe, doy, mp, days;

    if (t < 0) {
        t = 0;
    }

    days = t / 86400;
    s = (int) (t % 86400);

    z = days + 719468;
    era = z / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = (int) (doy - (153 * mp + 2) / 5 + 1);
    m = (int) (mp < 10 ? mp + 3 : mp - 9);
    y = (int) (yoe + era * 400 + (m <= 2));

    if (y > 9999) {
        y = 9999;
    }

    buf[0] = (char) ('0' + y / 1000);
    buf[1] = (char) ('0' + y / 100 % 10);
    buf[2] = (char) ('0' + y / 10 % 10);
    buf[3] = (char) ('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char) ('0' + m / 10);
    buf[6] = (char) ('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char) ('0' + d / 10);
    buf[9] = (char) ('0' + d % 10);
    buf[10] = 'T';
    buf[11] = (char) ('0' + s / 36000);
    buf[12] = (char) ('0' + s / 3600 % 10);
    buf[13] = ':';
    buf[14] = (char) ('0' + s % 3600 / 600);
    buf[15] = (char) ('0' + s % 3600 / 60 % 10);
    buf[16] = ':';
    buf[17] = (char) ('0' + s % 60 / 10);
    buf[18] = (char) ('0' + s % 10);
    buf[19] = 'Z';
}
