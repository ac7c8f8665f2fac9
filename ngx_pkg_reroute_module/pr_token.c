/*
 * ngx_pkg_reroute: the Docker token flow's parsing (see pr_token.h).
 */

#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "pr_token.h"


static int pr_token_tchar(unsigned char c);
static size_t pr_token_skip_ows(const char *p, size_t i, size_t len);


/* RFC 7230 tchar */
static int
pr_token_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9'))
    {
        return 1;
    }

    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}


static size_t
pr_token_skip_ows(const char *p, size_t i, size_t len)
{
    while (i < len && (p[i] == ' ' || p[i] == '\t')) {
        i++;
    }

    return i;
}


/*
 * challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param  = token BWS "=" BWS ( token / quoted-string )
 *
 * A list of challenges is separated by commas, as a challenge's params
 * are: after a comma, a token followed by "=" is a param, anything else
 * starts the next challenge.
 */
int
pr_token_challenge(const char *value, size_t len, char *buf, size_t size,
    pr_token_challenge_t *ch)
{
    int          bearer, within;
    char        *out, *end;
    size_t       i, j, k, ns, nl, vs;
    pr_str_t    *slot;

    memset(ch, 0, sizeof(pr_token_challenge_t));

    out = buf;
    end = buf + size;
    bearer = 0;
    within = 0;
    i = 0;

    for ( ;; ) {

        /* empty list elements: ", ," */

        for ( ;; ) {
            i = pr_token_skip_ows(value, i, len);

            if (i < len && value[i] == ',') {
                i++;
                continue;
            }

            break;
        }

        if (i == len) {
            break;
        }

        /* a token: a param's name, or the next challenge's scheme */

        ns = i;

        while (i < len && pr_token_tchar((unsigned char) value[i])) {
            i++;
        }

        nl = i - ns;

        if (nl == 0) {
            return -1;
        }

        j = pr_token_skip_ows(value, i, len);

        if (within && j < len && value[j] == '=') {

            /* auth-param = token BWS "=" BWS ( token / quoted-string ) */

            slot = NULL;

            if (bearer) {
                if (nl == 5 && strncasecmp(value + ns, "realm", 5) == 0) {
                    slot = &ch->realm;

                } else if (nl == 7
                           && strncasecmp(value + ns, "service", 7) == 0)
                {
                    slot = &ch->service;

                } else if (nl == 5
                           && strncasecmp(value + ns, "scope", 5) == 0)
                {
                    slot = &ch->scope;
                }

                if (slot && slot->data) {
                    /* a param given twice is not to be trusted */
                    return -1;
                }
            }

            if (slot) {
                slot->data = out;
            }

            i = pr_token_skip_ows(value, j + 1, len);

            if (i < len && value[i] == '"') {
                i++;

                for ( ;; ) {
                    if (i == len) {
                        return -1;
                    }

                    if (value[i] == '"') {
                        i++;
                        break;
                    }

                    if (value[i] == '\\') {
                        i++;

                        if (i == len) {
                            return -1;
                        }
                    }

                    if (((unsigned char) value[i] < 0x20 && value[i] != '\t')
                        || value[i] == 0x7f)
                    {
                        return -1;
                    }

                    if (slot) {
                        if (out == end) {
                            return -1;
                        }

                        *out++ = value[i];
                    }

                    i++;
                }

            } else {
                vs = i;

                while (i < len && pr_token_tchar((unsigned char) value[i])) {
                    i++;
                }

                if (i == vs) {
                    return -1;
                }

                if (slot) {
                    if ((size_t) (end - out) < i - vs) {
                        return -1;
                    }

                    memcpy(out, value + vs, i - vs);
                    out += i - vs;
                }
            }

            if (slot) {
                slot->len = out - slot->data;
            }

            i = pr_token_skip_ows(value, i, len);

            if (i < len && value[i] != ',') {
                return -1;
            }

            continue;
        }

        /* the next challenge: a Bearer one before it is complete */

        if (bearer) {
            break;
        }

        within = 1;
        bearer = (nl == 6 && strncasecmp(value + ns, "Bearer", 6) == 0);

        if (i < len && value[i] != ' ' && value[i] != '\t'
            && value[i] != ',')
        {
            return -1;
        }

        i = pr_token_skip_ows(value, i, len);

        /* token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
         *           "/" ) *"=", alone before the end or a comma */

        k = i;

        while (k < len
               && (((value[k] | 0x20) >= 'a' && (value[k] | 0x20) <= 'z')
                   || (value[k] >= '0' && value[k] <= '9')
                   || strchr("-._~+/", value[k]) != NULL)
               && value[k] != '\0')
        {
            k++;
        }

        if (k > i) {
            j = k;

            while (j < len && value[j] == '=') {
                j++;
            }

            j = pr_token_skip_ows(value, j, len);

            if (j == len || value[j] == ',') {
                i = j;
                continue;
            }
        }

        /* else params follow, or the next challenge */
    }

    if (!bearer || ch->realm.data == NULL || ch->realm.len == 0) {
        memset(ch, 0, sizeof(pr_token_challenge_t));
        return 1;
    }

    return 0;
}


size_t
pr_token_scope(const char *name, size_t name_len, char *out, size_t size)
{
    size_t  i;

    if (name_len == 0 || size < name_len + sizeof("repository::pull")) {
        return 0;
    }

    for (i = 0; i < name_len; i++) {
        /* a repository name: lower case, digits, separators, '/' */
        if (!((name[i] >= 'a' && name[i] <= 'z')
              || (name[i] >= '0' && name[i] <= '9')
              || name[i] == '.' || name[i] == '_' || name[i] == '-'
              || name[i] == '/'))
        {
            return 0;
        }
    }

    memcpy(out, "repository:", 11);
    memcpy(out + 11, name, name_len);
    memcpy(out + 11 + name_len, ":pull", 5);

    return name_len + 16;
}


const char *
pr_token_parse(const char *json, size_t len, char *buf, size_t size,
    pr_token_t *t)
{
    size_t       i, n;
    cJSON       *root, *tok, *exp, *iss;
    const char  *s, *err;

    memset(t, 0, sizeof(pr_token_t));
    t->issued_at = -1;
    t->expires_in = PR_TOKEN_DEFAULT_TTL;

    root = cJSON_ParseWithLength(json, len);
    if (root == NULL) {
        return "not JSON";
    }

    err = NULL;

    if (!cJSON_IsObject(root)) {
        err = "not a JSON object";
        goto done;
    }

    tok = cJSON_GetObjectItemCaseSensitive(root, "token");

    if (!cJSON_IsString(tok) || tok->valuestring[0] == '\0') {
        tok = cJSON_GetObjectItemCaseSensitive(root, "access_token");
    }

    if (!cJSON_IsString(tok) || tok->valuestring[0] == '\0') {
        err = "no token";
        goto done;
    }

    s = tok->valuestring;
    n = strlen(s);

    if (n > PR_TOKEN_MAX_LEN || n > size) {
        err = "a token too long";
        goto done;
    }

    for (i = 0; i < n; i++) {
        if ((unsigned char) s[i] <= 0x20 || (unsigned char) s[i] >= 0x7f) {
            err = "a token with characters a header cannot carry";
            goto done;
        }
    }

    memcpy(buf, s, n);
    t->token.data = buf;
    t->token.len = n;

    exp = cJSON_GetObjectItemCaseSensitive(root, "expires_in");

    if (exp && !cJSON_IsNull(exp)) {
        if (!cJSON_IsNumber(exp) || exp->valuedouble < 0
            || exp->valuedouble > 366.0 * 86400)
        {
            err = "an expires_in that is not a number of seconds";
            goto done;
        }

        if ((long) exp->valuedouble > 0) {
            t->expires_in = (long) exp->valuedouble;
        }
    }

    iss = cJSON_GetObjectItemCaseSensitive(root, "issued_at");

    if (cJSON_IsString(iss)) {
        t->issued_at = pr_token_time(iss->valuestring,
                                     strlen(iss->valuestring));
    }

done:

    cJSON_Delete(root);

    if (err) {
        t->token.data = NULL;
        t->token.len = 0;
    }

    return err;
}


long
pr_token_lifetime(const pr_token_t *t, time_t now)
{
    long    life, margin;
    time_t  start;

    start = now;

    if (t->issued_at != -1 && t->issued_at <= now) {
        start = t->issued_at;
    }

    margin = t->expires_in / 10;

    if (margin > 30) {
        margin = 30;
    }

    life = (long) (start + t->expires_in - margin - now);

    return life > 0 ? life : 0;
}


static int
pr_token_digits(const char *s, size_t n, int *v)
{
    size_t  i;

    *v = 0;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }

        *v = *v * 10 + (s[i] - '0');
    }

    return 0;
}


/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
static long
pr_token_days(int y, int m, int d)
{
    long      era;
    unsigned  yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned) (y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + (long) doe - 719468;
}


/* 2006-01-02T15:04:05[.frac](Z|+hh:mm|-hh:mm) */
time_t
pr_token_time(const char *s, size_t len)
{
    int     y, mo, d, h, mi, se, oh, om, sign;
    size_t  i;

    if (len < 20 || s[4] != '-' || s[7] != '-'
        || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        || s[13] != ':' || s[16] != ':')
    {
        return -1;
    }

    if (pr_token_digits(s, 4, &y) || pr_token_digits(s + 5, 2, &mo)
        || pr_token_digits(s + 8, 2, &d) || pr_token_digits(s + 11, 2, &h)
        || pr_token_digits(s + 14, 2, &mi)
        || pr_token_digits(s + 17, 2, &se))
    {
        return -1;
    }

    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59
        || se > 60)
    {
        return -1;
    }

    i = 19;

    if (s[i] == '.') {
        i++;

        if (i == len || s[i] < '0' || s[i] > '9') {
            return -1;
        }

        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
        }
    }

    if (i == len) {
        return -1;
    }

    oh = 0;
    om = 0;
    sign = 0;

    if (s[i] == 'Z' || s[i] == 'z') {
        i++;

    } else if (s[i] == '+' || s[i] == '-') {
        sign = (s[i] == '-') ? -1 : 1;

        if (len - i != 6 || s[i + 3] != ':'
            || pr_token_digits(s + i + 1, 2, &oh)
            || pr_token_digits(s + i + 4, 2, &om)
            || oh > 23 || om > 59)
        {
            return -1;
        }

        i += 6;

    } else {
        return -1;
    }

    if (i != len) {
        return -1;
    }

    return (time_t) (pr_token_days(y, mo, d) * 86400 + h * 3600 + mi * 60
                     + se - sign * (oh * 3600 + om * 60));
}
