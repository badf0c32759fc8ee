/* crc32 FILE...: each file's CRC-32 (zlib's, as Python's zlib.crc32 gives
 * it), size and name, read through newlib, so "NODE:/path" names another
 * node's file: two nodes' copies of a file can be compared by their
 * lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include "../lib/fspath.h"
#include "../lib/udpflow.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "crc32", "FILE...",
    "Prints \"CRC SIZE FILE\" for each file: its CRC-32 (IEEE, zlib's) in\n"
    "hex and its size in bytes. FILE may be another node's, NODE:/path.\n"
    "Exits 1 if a file could not be read.",
    NULL};

static uint8_t buf[4096];

static int one(const char *path)
{
	uint32_t crc = 0;
	unsigned long size = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("crc32: %s: %s\n", path, fs_path_strerror(path, errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		crc = udpflow_crc32(crc, buf, (size_t)n);
		size += (unsigned long)n;
	}
	if (n < 0) {
		printf("crc32: %s: %s\n", path, fs_path_strerror(path, errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("%08lx %lu %s\n", (unsigned long)crc, size, path);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 1, 64);
	for (int i = 1; i < argc; i++)
		status |= one(argv[i]);
	return status;
}
