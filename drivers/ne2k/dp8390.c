/* The DP8390 chip logic (see dp8390.h): registers per the NS DP8390D
 * datasheet, NE2000 memory map (transmit buffer at page 0x40, receive ring
 * at pages 0x46-0x80), word-wide remote DMA through the data port. */
#include "dp8390.h"
#include <stdbool.h>
#include "uapi/errors.h"

/* Page 0 registers (offsets from the base port). */
enum {
	R_CR = 0x00,
	R_PSTART = 0x01,
	R_PSTOP = 0x02,
	R_BNRY = 0x03,
	R_TPSR = 0x04, /* write; TSR on read */
	R_TBCR0 = 0x05,
	R_TBCR1 = 0x06,
	R_ISR = 0x07,
	R_RSAR0 = 0x08,
	R_RSAR1 = 0x09,
	R_RBCR0 = 0x0A,
	R_RBCR1 = 0x0B,
	R_RCR = 0x0C,
	R_TCR = 0x0D,	/* write; CNTR0 (frame alignment errors) on read */
	R_DCR = 0x0E,	/* write; CNTR1 (CRC errors) on read */
	R_IMR = 0x0F,	/* write; CNTR2 (missed frames) on read */
	R_DATA = 0x10,	/* NE2000 remote DMA data port */
	R_RESET = 0x1F, /* NE2000 reset port: a read resets */
};
#define R_TSR R_TPSR
#define R_CNTR0 R_TCR
#define R_CNTR1 R_DCR
#define R_CNTR2 R_IMR
#define R_PAR0 0x01 /* page 1 */
#define R_CURR 0x07 /* page 1 */
#define R_MAR0 0x08 /* page 1 */

/* CR bits. */
#define CR_STP 0x01
#define CR_STA 0x02
#define CR_TXP 0x04
#define CR_RREAD 0x08
#define CR_RWRITE 0x10
#define CR_NODMA 0x20
#define CR_PAGE1 0x40

/* ISR / IMR bits. */
#define ISR_PRX 0x01
#define ISR_PTX 0x02
#define ISR_RXE 0x04
#define ISR_TXE 0x08
#define ISR_OVW 0x10
#define ISR_CNT 0x20
#define ISR_RDC 0x40
#define ISR_RST 0x80
#define IMR_ALL (ISR_PRX | ISR_PTX | ISR_RXE | ISR_TXE | ISR_OVW | ISR_CNT)

#define DCR_WORD 0x49 /* FIFO 8 bytes, normal (not loopback), word DMA */
#define DCR_BYTE 0x48 /* the same, byte DMA (for the PROM) */
#define RCR_BROADCAST 0x04
#define RCR_MONITOR 0x20
#define TCR_NORMAL 0x00
#define TCR_LOOPBACK 0x02 /* internal loopback */
#define RSR_PRX 0x01
#define TSR_PTX 0x01

#define TX_PAGE 0x40
#define RX_START 0x46
#define RX_STOP 0x80
#define PAGE 256u

#define RESET_WAIT_US 10000u
#define DMA_WAIT_US 10000u

static uint8_t rd(dp8390_t *d, unsigned reg)
{
	return d->ops->inb(d->ctx, (uint16_t)(d->io + reg));
}

static void wr(dp8390_t *d, unsigned reg, uint8_t v)
{
	d->ops->outb(d->ctx, (uint16_t)(d->io + reg), v);
}

/* Waits for an ISR bit; true when it came. */
static bool wait_isr(dp8390_t *d, uint8_t bit, unsigned us)
{
	for (unsigned t = 0; t < us; t += 10) {
		if (rd(d, R_ISR) & bit)
			return true;
		d->ops->udelay(d->ctx, 10);
	}
	return (rd(d, R_ISR) & bit) != 0;
}

/* Sets up a remote DMA of count bytes at chip address addr. */
static void dma_setup(dp8390_t *d, uint16_t addr, uint16_t count, uint8_t cmd)
{
	wr(d, R_CR, CR_NODMA | CR_STA);
	wr(d, R_ISR, ISR_RDC);
	wr(d, R_RBCR0, count & 0xFF);
	wr(d, R_RBCR1, count >> 8);
	wr(d, R_RSAR0, addr & 0xFF);
	wr(d, R_RSAR1, addr >> 8);
	wr(d, R_CR, cmd | CR_STA);
}

/* Reads len bytes of chip memory at addr into buf (word DMA; an odd last
 * byte comes from the last word). */
static void dma_read(dp8390_t *d, uint16_t addr, uint8_t *buf, size_t len)
{
	uint16_t count = (uint16_t)((len + 1) & ~1u);
	dma_setup(d, addr, count, CR_RREAD);
	for (size_t i = 0; i < count; i += 2) {
		uint16_t w = d->ops->inw(d->ctx, (uint16_t)(d->io + R_DATA));
		buf[i] = (uint8_t)w;
		if (i + 1 < len)
			buf[i + 1] = (uint8_t)(w >> 8);
	}
	wait_isr(d, ISR_RDC, DMA_WAIT_US);
	wr(d, R_ISR, ISR_RDC);
}

/* Reads len bytes of the receive ring from addr, wrapping at its end. */
static void ring_read(dp8390_t *d, uint16_t addr, uint8_t *buf, size_t len)
{
	size_t room = RX_STOP * PAGE - addr;
	if (len > room) {
		dma_read(d, addr, buf, room);
		buf += room;
		len -= room;
		addr = RX_START * PAGE;
	}
	dma_read(d, addr, buf, len);
}

int dp8390_probe(dp8390_t *d)
{
	d->err = (dp8390_errors_t){0};
	wr(d, R_RESET, rd(d, R_RESET));
	if (!wait_isr(d, ISR_RST, RESET_WAIT_US))
		return -ERR_NODEV;
	wr(d, R_ISR, 0xFF);
	wr(d, R_CR, CR_NODMA | CR_STP);
	wr(d, R_DCR, DCR_BYTE);
	wr(d, R_RBCR0, 0);
	wr(d, R_RBCR1, 0);
	wr(d, R_IMR, 0);
	wr(d, R_RCR, RCR_MONITOR);
	wr(d, R_TCR, TCR_LOOPBACK);
	/* The PROM: 16 bytes, each doubled, read bytewise at address 0. */
	dma_setup(d, 0, 32, CR_RREAD);
	uint8_t prom[32];
	for (int i = 0; i < 32; i++)
		prom[i] = d->ops->inb(d->ctx, (uint16_t)(d->io + R_DATA));
	wr(d, R_ISR, ISR_RDC);
	for (int i = 0; i < 6; i++)
		d->mac[i] = prom[2 * i];
	if ((d->mac[0] | d->mac[1] | d->mac[2] | d->mac[3] | d->mac[4] |
	     d->mac[5]) == 0 ||
	    (d->mac[0] & d->mac[1] & d->mac[2] & d->mac[3] & d->mac[4] &
	     d->mac[5]) == 0xFF)
		return -ERR_NODEV;
	return 0;
}

void dp8390_start(dp8390_t *d)
{
	wr(d, R_CR, CR_NODMA | CR_STP);
	wr(d, R_DCR, DCR_WORD);
	wr(d, R_RBCR0, 0);
	wr(d, R_RBCR1, 0);
	wr(d, R_RCR, RCR_MONITOR);
	wr(d, R_TCR, TCR_LOOPBACK);
	wr(d, R_TPSR, TX_PAGE);
	wr(d, R_PSTART, RX_START);
	wr(d, R_PSTOP, RX_STOP);
	wr(d, R_BNRY, RX_START);
	wr(d, R_ISR, 0xFF);
	wr(d, R_IMR, 0);
	wr(d, R_CR, CR_PAGE1 | CR_NODMA | CR_STP);
	for (int i = 0; i < 6; i++)
		wr(d, R_PAR0 + i, d->mac[i]);
	for (int i = 0; i < 8; i++)
		wr(d, R_MAR0 + i, 0xFF);
	d->next_pkt = RX_START + 1;
	wr(d, R_CURR, d->next_pkt);
	wr(d, R_CR, CR_NODMA | CR_STP);
	d->overrun = d->resend = 0;
	wr(d, R_CR, CR_NODMA | CR_STA);
	wr(d, R_ISR, 0xFF);
	wr(d, R_IMR, IMR_ALL);
	wr(d, R_TCR, TCR_NORMAL);
	wr(d, R_RCR, RCR_BROADCAST);
}

void dp8390_stop(dp8390_t *d)
{
	wr(d, R_IMR, 0);
	wr(d, R_CR, CR_NODMA | CR_STP);
	wr(d, R_ISR, 0xFF);
}

int dp8390_send(dp8390_t *d, const void *frame, size_t len)
{
	if (len < 14 || len > DP8390_MTU_FRAME)
		return -ERR_INVAL;
	for (unsigned t = 0; rd(d, R_CR) & CR_TXP; t += 10) {
		if (t >= DMA_WAIT_US)
			return -ERR_TIMEDOUT;
		d->ops->udelay(d->ctx, 10);
	}
	const uint8_t *p = frame;
	size_t wire = len < DP8390_MIN_FRAME ? DP8390_MIN_FRAME : len;
	uint16_t count = (uint16_t)((wire + 1) & ~1u);
	dma_setup(d, TX_PAGE * PAGE, count, CR_RWRITE);
	for (size_t i = 0; i < count; i += 2) {
		uint8_t lo = i < len ? p[i] : 0;
		uint8_t hi = i + 1 < len ? p[i + 1] : 0;
		d->ops->outw(d->ctx, (uint16_t)(d->io + R_DATA),
			     (uint16_t)(lo | hi << 8));
	}
	bool done = wait_isr(d, ISR_RDC, DMA_WAIT_US);
	wr(d, R_ISR, ISR_RDC);
	if (!done)
		return -ERR_TIMEDOUT;
	wr(d, R_TPSR, TX_PAGE);
	wr(d, R_TBCR0, wire & 0xFF);
	wr(d, R_TBCR1, (uint8_t)(wire >> 8));
	wr(d, R_CR, CR_NODMA | CR_TXP | CR_STA);
	return 0;
}

static uint8_t read_curr(dp8390_t *d)
{
	wr(d, R_CR, CR_PAGE1 | CR_NODMA | CR_STA);
	uint8_t curr = rd(d, R_CURR);
	wr(d, R_CR, CR_NODMA | CR_STA);
	return curr;
}

/* Frees the ring up to (not including) page next. */
static void ring_release(dp8390_t *d, uint8_t next)
{
	d->next_pkt = next;
	wr(d, R_BNRY, next == RX_START ? RX_STOP - 1 : next - 1);
}

int dp8390_recv(dp8390_t *d, void *buf, size_t max)
{
	for (;;) {
		uint8_t curr = read_curr(d);
		if (d->next_pkt == curr)
			return 0;
		uint8_t hdr[4]; /* status, next page, byte count (+4) */
		ring_read(d, (uint16_t)(d->next_pkt * PAGE), hdr, 4);
		size_t count = hdr[2] | (size_t)hdr[3] << 8;
		uint8_t next = hdr[1];
		bool sane = (hdr[0] & RSR_PRX) && next >= RX_START &&
			    next < RX_STOP && count >= 4 + 14 &&
			    count <= 4 + DP8390_MTU_FRAME + 4;
		if (!sane) { /* the ring is damaged: drop everything in it */
			d->err.rx_errors++;
			ring_release(d, curr);
			return 0;
		}
		size_t len = count - 4;
		if (len > max) { /* a trailing CRC or a too-small buffer */
			d->err.rx_errors++;
			ring_release(d, next);
			continue;
		}
		ring_read(d, (uint16_t)(d->next_pkt * PAGE + 4), buf, len);
		ring_release(d, next);
		return (int)len;
	}
}

/* Overrun, datasheet steps: stop, wait, clear the byte count, note a
 * transmission to restart, loop back, start; the ring is then drained. */
static void overrun_begin(dp8390_t *d)
{
	uint8_t cr = rd(d, R_CR);
	wr(d, R_CR, CR_NODMA | CR_STP);
	d->ops->udelay(d->ctx, 1600);
	wr(d, R_RBCR0, 0);
	wr(d, R_RBCR1, 0);
	d->resend = (cr & CR_TXP) && !(rd(d, R_ISR) & (ISR_PTX | ISR_TXE));
	wr(d, R_TCR, TCR_LOOPBACK);
	wr(d, R_CR, CR_NODMA | CR_STA);
	d->overrun = 1;
	d->err.overruns++;
}

static void overrun_end(dp8390_t *d)
{
	wr(d, R_ISR, ISR_OVW);
	wr(d, R_TCR, TCR_NORMAL);
	if (d->resend)
		wr(d, R_CR, CR_NODMA | CR_TXP | CR_STA);
	d->overrun = d->resend = 0;
}

int dp8390_intr(dp8390_t *d)
{
	if (d->overrun)
		overrun_end(d);
	uint8_t isr = rd(d, R_ISR) & IMR_ALL;
	if (!isr)
		return 0;
	wr(d, R_ISR, isr & ~ISR_OVW); /* OVW is acked once the ring drained */
	if (isr & ISR_TXE)
		d->err.tx_errors++;
	if (isr & ISR_PTX && !(rd(d, R_TSR) & TSR_PTX))
		d->err.tx_errors++;
	if (isr & (ISR_CNT | ISR_RXE)) /* the tallies clear when read */
		d->err.rx_errors +=
		    rd(d, R_CNTR0) + rd(d, R_CNTR1) + rd(d, R_CNTR2);
	if (isr & ISR_OVW)
		overrun_begin(d);
	return isr;
}
