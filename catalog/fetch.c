#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "catalog/fetch.h"
#include "util/xmalloc.h"

static int	fetch_connect_s = 10;
static int	fetch_stall_s = 30;

/* One transfer on its way, beside the caller's struct fetch. */
struct fetch_job {
	struct fetch		*f;
	int			 index;
	int			 count;		/* Transfers in the call. */
	CURL			*easy;
	struct curl_slist	*headers;
	size_t			 cap;		/* Bytes allocated for f->body. */
	int64_t			 got;		/* Body bytes received. */
	int64_t			 shown;		/* Bytes last told to the callback. */
	int			 too_big;
	int			 write_failed;
	int			 started;	/* The body has begun. */
	int			 temporary;	/* A redirect was not permanent. */
	char			*reason;	/* Reason phrase of the last status line. */
	char			 errbuf[CURL_ERROR_SIZE];
	catalog_progress_fn	 cb;
	void			*ctx;
};

void
catalog_net_timeouts_set(int connect_s, int stall_s)
{
	fetch_connect_s = connect_s > 0 ? connect_s : 10;
	fetch_stall_s = stall_s > 0 ? stall_s : 30;
}

int
fetch_url_ok(const char *url)
{
	return (strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0);
}

/* The charset parameter of a Content-Type value, or NULL. */
static char *
fetch_charset(const char *v)
{
	const char	*p;
	size_t		 n;

	for (p = strchr(v, ';'); p != NULL; p = strchr(p + 1, ';')) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			p++;
		n = strcspn(p, "\"; \t");
		return (n > 0 && n < 40 ? xstrndup(p, n) : NULL);
	}
	return (NULL);
}

/* A header's value without surrounding blanks, or NULL when line is not name. */
static char *
fetch_header_value(const char *line, size_t len, const char *name)
{
	size_t	n = strlen(name);
	size_t	a, b;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return (NULL);
	for (a = n + 1; a < len && isspace((unsigned char)line[a]); a++)
		;
	for (b = len; b > a && isspace((unsigned char)line[b - 1]); b--)
		;
	return (xstrndup(line + a, b - a));
}

static size_t
fetch_header(char *line, size_t size, size_t nmemb, void *arg)
{
	struct fetch_job	*j = arg;
	struct fetch		*f = j->f;
	size_t			 len = size * nmemb, i;
	char			*v;

	if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
		free(f->new_etag);
		free(f->new_modified);
		free(f->type);
		free(f->charset);
		free(j->reason);
		f->new_etag = f->new_modified = f->type = f->charset = j->reason = NULL;
		for (i = 0; i < len && line[i] != ' '; i++)
			;
		if (i + 4 < len && line[i + 1] == '3' && strncmp(line + i + 1, "301", 3) != 0 &&
		    strncmp(line + i + 1, "308", 3) != 0)
			j->temporary = 1;
		for (i++; i < len && line[i] != ' '; i++)
			;
		while (len > i && isspace((unsigned char)line[len - 1]))
			len--;
		if (i + 1 < len)
			j->reason = xstrndup(line + i + 1, len - i - 1);
		return (size * nmemb);
	}
	if ((v = fetch_header_value(line, len, "ETag")) != NULL) {
		free(f->new_etag);
		f->new_etag = v;
	} else if ((v = fetch_header_value(line, len, "Last-Modified")) != NULL) {
		free(f->new_modified);
		f->new_modified = v;
	} else if ((v = fetch_header_value(line, len, "Content-Type")) != NULL) {
		free(f->charset);
		f->charset = fetch_charset(v);
		v[strcspn(v, "; \t")] = '\0';
		for (i = 0; v[i] != '\0'; i++)
			v[i] = tolower((unsigned char)v[i]);
		free(f->type);
		f->type = v;
	}
	return (len);
}

/* Starts the body: a 200 to a ranged request begins the file again. */
static int
fetch_body_start(struct fetch_job *j)
{
	struct fetch	*f = j->f;
	long		 status = 0;

	j->started = 1;
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	if (f->out == NULL || f->resume <= 0)
		return (0);
	if (status == 206) {
		f->partial = 1;
		return (0);
	}
	if (fflush(f->out) != 0 || ftruncate(fileno(f->out), 0) != 0 ||
	    fseeko(f->out, 0, SEEK_SET) != 0)
		return (-1);
	return (0);
}

static size_t
fetch_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_job	*j = arg;
	struct fetch		*f = j->f;
	size_t			 len = size * nmemb;

	if (!j->started && fetch_body_start(j) != 0) {
		j->write_failed = 1;
		return (0);
	}
	if ((uint64_t)j->got + len > f->max) {
		j->too_big = 1;
		return (0);
	}
	j->got += len;
	if (f->out != NULL) {
		if (fwrite(data, 1, len, f->out) != len) {
			j->write_failed = 1;
			return (0);
		}
		return (len);
	}
	if (f->len + len + 1 > j->cap) {
		j->cap = j->cap == 0 ? 65536 : j->cap;
		while (f->len + len + 1 > j->cap)
			j->cap *= 2;
		f->body = xrealloc(f->body, j->cap);
	}
	memcpy(f->body + f->len, data, len);
	f->len += len;
	f->body[f->len] = '\0';
	return (len);
}

static void
fetch_tell(struct fetch_job *j, int finished)
{
	struct catalog_progress	p;

	if (j->cb == NULL)
		return;
	memset(&p, 0, sizeof p);
	p.index = j->index;
	p.count = j->count;
	p.url = j->f->url;
	p.done = j->got + (j->f->partial ? j->f->resume : 0);
	p.total = j->f->total;
	p.finished = finished;
	p.error = finished ? j->f->error : NULL;
	j->shown = j->got;
	j->cb(j->ctx, &p);
}

static int
fetch_xferinfo(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	struct fetch_job	*j = arg;
	struct fetch		*f = j->f;

	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (dltotal > 0)
		f->total = dltotal + (f->partial ? f->resume : 0);
	if (j->got != j->shown)
		fetch_tell(j, 0);
	return (0);
}

static void
fetch_job_setup(struct fetch_job *j)
{
	struct fetch	*f = j->f;
	CURL		*e;
	const char	*ca;
	char		*h, range[32];

	if ((e = j->easy = curl_easy_init()) == NULL)
		BUG();
	curl_easy_setopt(e, CURLOPT_URL, f->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)fetch_connect_s);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)fetch_stall_s);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max +
	    (curl_off_t)(f->resume > 0 ? f->resume : 0));
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	if ((ca = getenv("EARMARK_CA_FILE")) != NULL && *ca != '\0')
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, fetch_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, fetch_xferinfo);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, j);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	if (f->etag != NULL) {
		h = xasprintf("If-None-Match: %s", f->etag);
		j->headers = curl_slist_append(j->headers, h);
		free(h);
	}
	if (f->modified != NULL) {
		h = xasprintf("If-Modified-Since: %s", f->modified);
		j->headers = curl_slist_append(j->headers, h);
		free(h);
	}
	if (j->headers != NULL)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	if (f->resume > 0) {
		snprintf(range, sizeof range, "%lld-", (long long)f->resume);
		curl_easy_setopt(e, CURLOPT_RANGE, range);
	}
}

/* Why a finished transfer failed, in words; NULL when it did not. */
static char *
fetch_why(struct fetch_job *j, CURLcode rc)
{
	struct fetch	*f = j->f;
	unsigned	 mb = (unsigned)(f->max >> 20);

	if (j->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return (xasprintf("larger than %u MB; not fetched", mb));
	if (j->write_failed)
		return (xasprintf("cannot save the download: %s", strerror(errno)));
	switch (rc) {
	case CURLE_OK:
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return (xstrdup("redirected to a URL that is not http or https; refused"));
	case CURLE_TOO_MANY_REDIRECTS:
		return (xasprintf("more than %d redirects; refused", FETCH_MAX_REDIRS));
	case CURLE_OPERATION_TIMEDOUT:
		if (j->got == 0 && f->status == 0)
			return (xasprintf("timed out (no answer in %d s)", fetch_stall_s));
		return (xasprintf("timed out (no data for %d s)", fetch_stall_s));
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return (xasprintf("connection closed after %lld bytes, before the end",
		    (long long)j->got));
	case CURLE_COULDNT_CONNECT:
		return (xstrdup("connection refused"));
	case CURLE_COULDNT_RESOLVE_HOST:
		return (xstrdup("unknown host"));
	case CURLE_PEER_FAILED_VERIFICATION:
		return (xasprintf("the server's TLS certificate is not trusted (%s); "
		    "refused. EARMARK_CA_FILE may name the CA that issued it",
		    j->errbuf[0] != '\0' ? j->errbuf : curl_easy_strerror(rc)));
	case CURLE_SSL_CACERT_BADFILE:
		return (xasprintf("cannot read the CA certificates in %s",
		    getenv("EARMARK_CA_FILE") != NULL ? getenv("EARMARK_CA_FILE") :
		    "the system's store"));
	case CURLE_SSL_CONNECT_ERROR:
		return (xasprintf("TLS handshake failed (%s)", j->errbuf[0] != '\0' ?
		    j->errbuf : curl_easy_strerror(rc)));
	default:
		return (xstrdup(j->errbuf[0] != '\0' ? j->errbuf : curl_easy_strerror(rc)));
	}
	if (f->status == 304)
		return (NULL);
	if (f->status < 200 || f->status > 299) {
		if (j->reason != NULL && *j->reason != '\0')
			return (xasprintf("HTTP %ld %s", f->status, j->reason));
		return (xasprintf("HTTP %ld", f->status));
	}
	return (NULL);
}

static void
fetch_job_done(struct fetch_job *j, CURLcode rc)
{
	struct fetch	*f = j->f;
	char		*why, *final = NULL;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &f->status);
	curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &final);
	f->final_url = xstrdup(final != NULL ? final : f->url);
	f->moved = !j->temporary && strcmp(f->final_url, f->url) != 0;
	if ((why = fetch_why(j, rc)) != NULL) {
		f->error = xasprintf("%s: %s", f->url, why);
		free(why);
	} else if (f->status == 304)
		f->not_modified = 1;
	if (f->body == NULL)
		f->body = xstrdup("");
	if (f->error != NULL && f->out == NULL) {
		free(f->body);
		f->body = xstrdup("");
		f->len = 0;
	}
	fetch_tell(j, 1);
	curl_slist_free_all(j->headers);
	free(j->reason);
	j->headers = NULL;
	j->reason = NULL;
}

static void
fetch_init_once(void)
{
	static int	done;

	if (!done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			BUG();
		done = 1;
	}
}

int
fetch_all(struct fetch *f, size_t n, catalog_progress_fn cb, void *ctx)
{
	struct fetch_job	*jobs;
	struct fetch_job	*j;
	CURLM			*m;
	CURLMsg			*msg;
	size_t			 next = 0, i;
	int			 running = 0, left, failed = 0;

	fetch_init_once();
	jobs = xcalloc(n == 0 ? 1 : n, sizeof *jobs);
	if ((m = curl_multi_init()) == NULL)
		BUG();
	for (;;) {
		while (next < n && running < FETCH_PARALLEL) {
			j = &jobs[next];
			j->f = &f[next];
			j->index = (int)next++;
			j->count = (int)n;
			j->cb = cb;
			j->ctx = ctx;
			if (!fetch_url_ok(j->f->url)) {
				j->f->error = xasprintf("%s: only http and https URLs "
				    "are fetched", j->f->url);
				j->f->body = xstrdup("");
				fetch_tell(j, 1);
				continue;
			}
			fetch_job_setup(j);
			curl_multi_add_handle(m, j->easy);
			running++;
		}
		if (running == 0)
			break;
		curl_multi_perform(m, &left);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			fetch_job_done(j, msg->data.result);
			curl_multi_remove_handle(m, j->easy);
			curl_easy_cleanup(j->easy);
			j->easy = NULL;
			running--;
		}
		if (running > 0 && (next >= n || running >= FETCH_PARALLEL))
			curl_multi_poll(m, NULL, 0, 500, NULL);
	}
	curl_multi_cleanup(m);
	for (i = 0; i < n; i++) {
		if (f[i].error != NULL)
			failed++;
	}
	free(jobs);
	return (failed);
}

void
fetch_clear(struct fetch *f)
{
	free(f->body);
	free(f->new_etag);
	free(f->new_modified);
	free(f->type);
	free(f->charset);
	free(f->error);
	free(f->final_url);
	f->body = f->new_etag = f->new_modified = f->type = f->error = NULL;
	f->charset = NULL;
	f->final_url = NULL;
	f->len = 0;
}
