/* Forwards libbpf's printf-style log lines to a plain callback that C# can receive. */
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>

typedef void (*fastlb_log_fn)(int level, const char *line);

static fastlb_log_fn sink;

static int forward(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char line[1024];

	if (!sink)
		return 0;
	vsnprintf(line, sizeof(line), fmt, args);
	sink((int)level, line);
	return 0;
}

/* Installs (or with NULL removes) the sink; libbpf calls it from any thread. */
void fastlb_set_log_sink(fastlb_log_fn fn)
{
	sink = fn;
	libbpf_set_print(fn ? forward : NULL);
}
