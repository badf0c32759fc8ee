/* "nicsend IF COUNT [SIZE]": sends COUNT broadcast frames of EtherType
 * 0x88B5 through the driver registered as IF. Frame k's payload is k (4
 * bytes, big-endian) followed by the bytes (k + i) & 0xFF; its size is SIZE
 * (60..1514) or, when absent, pseudo-random in 60..1514 (a fixed seed: the
 * same run sends the same frames). Prints one line per frame (as nicdump
 * does), then "nicsend: sent N frames, frames_out=N bytes_out=N". Exits 0
 * when every frame was taken. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>

#define ETHERTYPE 0x88B5
#define RPC_TIMEOUT 500

static uint8_t frame[LV_NETDRV_FRAME_MAX];

static size_t build(unsigned k, size_t size, const uint8_t mac[6])
{
	memset(frame, 0xFF, 6);
	memcpy(frame + 6, mac, 6);
	frame[12] = ETHERTYPE >> 8;
	frame[13] = ETHERTYPE & 0xFF;
	for (int b = 0; b < 4; b++)
		frame[14 + b] = (uint8_t)(k >> (24 - 8 * b));
	for (size_t i = 18; i < size; i++)
		frame[i] = (uint8_t)(k + i);
	return size;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		printf("usage: nicsend IF COUNT [SIZE]\n");
		return 2;
	}
	unsigned count = (unsigned)strtoul(argv[2], NULL, 0);
	size_t fixed = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
	if (argc > 3 && (fixed < 60 || fixed > LV_NETDRV_FRAME_MAX)) {
		printf("nicsend: SIZE must be 60..1514\n");
		return 2;
	}
	/* The driver may still be starting: try for about two seconds. */
	int h = lv_ns_lookup(argv[1], NULL);
	for (int i = 0; i < 20 && h == -ERR_NOENT; i++) {
		lv_sleep(10);
		h = lv_ns_lookup(argv[1], NULL);
	}
	if (h < 0) {
		printf("nicsend: %s: %s\n", argv[1], lv_strerror(h));
		return 1;
	}
	uint8_t mac[6];
	size_t n = 0;
	int rc = lv_rpc(h, LV_NETDRV_GET_MAC, NULL, 0, mac, 6, &n, RPC_TIMEOUT);
	if (rc < 0 || n != 6) {
		printf("nicsend: GET_MAC: %s\n", lv_strerror(rc));
		return 1;
	}
	srand(0x88B5);
	unsigned sent = 0;
	for (unsigned k = 0; k < count; k++) {
		size_t size =
		    fixed ? fixed : 60 + (size_t)rand() % (1514 - 60 + 1);
		build(k, size, mac);
		rc = lv_rpc(h, LV_NETDRV_TRANSMIT, frame, size, NULL, 0, NULL,
			    RPC_TIMEOUT);
		if (rc < 0) {
			printf("nicsend: frame %u: %s\n", k, lv_strerror(rc));
			break;
		}
		lv_netdrv_print_frame("nicsend", frame, size);
		sent++;
	}
	lv_netdrv_stats_t st;
	rc = lv_rpc(h, LV_NETDRV_STATS, NULL, 0, &st, sizeof(st), &n,
		    RPC_TIMEOUT);
	if (rc < 0 || n != sizeof(st)) {
		printf("nicsend: STATS: %s\n", lv_strerror(rc));
		return 1;
	}
	printf("nicsend: sent %u frames, frames_out=%lu bytes_out=%lu "
	       "tx_errors=%lu\n",
	       sent, (unsigned long)st.frames_out, (unsigned long)st.bytes_out,
	       (unsigned long)st.tx_errors);
	return sent == count ? 0 : 1;
}
