// fastlb-jitline PROG_ID SYMBOL+0xOFFSET...: the source line of each address that perf names in a
// loaded BPF program (its main program or a subprogram), from the program's jited line info.
// Debian's bpftool and perf cannot disassemble BPF (no libbfd / libopcodes), so this is how a
// profile's hot addresses become lines of bpf/ (bench/README.md, "Where a row's time goes").
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct prog_lines {
	uint32_t n;
	uint64_t *addr; // jited address of each line record
	uint32_t nfuncs;
	uint64_t *funcs; // jited address of each function (main program, then subprograms)
	struct bpf_line_info *line;
	struct btf *btf;
};

static int load_lines(uint32_t id, struct prog_lines *pl)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info), nl;
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd < 0) {
		fprintf(stderr, "fastlb-jitline: program %u: %s\n", id, strerror(errno));
		return -1;
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		goto fail;
	pl->n = info.nr_jited_line_info;
	nl = info.nr_line_info;
	pl->nfuncs = info.nr_jited_ksyms;
	if (pl->n == 0 || nl != pl->n || pl->nfuncs == 0) {
		fprintf(stderr, "fastlb-jitline: program %u has no jited line info (built without -g, or not jited)\n", id);
		close(fd);
		return -1;
	}
	pl->addr = calloc(pl->n, sizeof(*pl->addr));
	pl->line = calloc(nl, sizeof(*pl->line));
	pl->funcs = calloc(pl->nfuncs, sizeof(*pl->funcs));
	if (!pl->addr || !pl->line || !pl->funcs)
		goto fail;
	uint32_t btf_id = info.btf_id;
	memset(&info, 0, sizeof(info));
	info.nr_jited_line_info = pl->n;
	info.jited_line_info_rec_size = sizeof(*pl->addr);
	info.jited_line_info = (uint64_t)(uintptr_t)pl->addr;
	info.nr_line_info = nl;
	info.line_info_rec_size = sizeof(*pl->line);
	info.line_info = (uint64_t)(uintptr_t)pl->line;
	info.nr_jited_ksyms = pl->nfuncs;
	info.jited_ksyms = (uint64_t)(uintptr_t)pl->funcs;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		goto fail;
	pl->btf = btf__load_from_kernel_by_id(btf_id);
	if (!pl->btf)
		goto fail;
	close(fd);
	return 0;
fail:
	fprintf(stderr, "fastlb-jitline: program %u: %s\n", id, strerror(errno));
	close(fd);
	return -1;
}

// The address of kernel symbol `name` that is one of this program's functions, 0 if none: another
// program loaded from the same object has the same tag, hence the same symbol name.
static uint64_t kallsym(const char *name, const struct prog_lines *pl)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], type;
	unsigned long long addr;
	uint64_t found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) != 3 || strcmp(sym, name) != 0)
			continue;
		for (uint32_t i = 0; i < pl->nfuncs; i++)
			if (pl->funcs[i] == addr)
				found = addr;
	}
	fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	struct prog_lines pl = { 0 };
	// /proc/kallsyms is read once per distinct symbol: a profile names a few functions many times,
	// and the program must still be loaded when the last is looked up.
	struct {
		char name[256];
		uint64_t base;
	} seen[16];
	int nseen = 0;
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: fastlb-jitline PROG_ID SYMBOL+0xOFFSET...  (as perf script -F sym,symoff prints them)\n");
		return 2;
	}
	if (load_lines((uint32_t)strtoul(argv[1], NULL, 0), &pl))
		return 1;
	for (int a = 2; a < argc; a++) {
		char name[256];
		const char *plus = strrchr(argv[a], '+');
		size_t nlen = plus ? (size_t)(plus - argv[a]) : strlen(argv[a]);
		uint64_t base, want;
		int best = -1, k = 0;

		if (nlen >= sizeof(name)) {
			fprintf(stderr, "fastlb-jitline: %s: symbol too long\n", argv[a]);
			status = 1;
			continue;
		}
		memcpy(name, argv[a], nlen);
		name[nlen] = 0;
		while (k < nseen && strcmp(seen[k].name, name) != 0)
			k++;
		if (k < nseen) {
			base = seen[k].base;
		} else {
			base = kallsym(name, &pl);
			if (nseen < (int)(sizeof(seen) / sizeof(seen[0]))) {
				memcpy(seen[nseen].name, name, nlen + 1);
				seen[nseen++].base = base;
			}
		}
		if (!base) {
			fprintf(stderr, "fastlb-jitline: %s: no such kernel symbol in program %s (is it loaded, and root?)\n",
				name, argv[1]);
			status = 1;
			continue;
		}
		want = base + (plus ? strtoull(plus + 1, NULL, 16) : 0);
		// The line whose code starts at or before the address, within the same symbol.
		for (uint32_t i = 0; i < pl.n; i++)
			if (pl.addr[i] >= base && pl.addr[i] <= want && (best < 0 || pl.addr[i] > pl.addr[best]))
				best = (int)i;
		if (best < 0) {
			fprintf(stderr, "fastlb-jitline: %s: not in program %s\n", argv[a], argv[1]);
			status = 1;
			continue;
		}
		const char *file = btf__name_by_offset(pl.btf, pl.line[best].file_name_off);
		const char *src = btf__name_by_offset(pl.btf, pl.line[best].line_off);
		const char *slash = file ? strrchr(file, '/') : NULL;
		printf("%s\t%s:%u\t%s\n", argv[a], slash ? slash + 1 : (file ? file : "?"),
		       BPF_LINE_INFO_LINE_NUM(pl.line[best].line_col), src ? src + strspn(src, " \t") : "");
	}
	btf__free(pl.btf);
	free(pl.addr);
	free(pl.line);
	free(pl.funcs);
	return status;
}
