/* Interrupt timing for the entropy pool. Nucleus-internal (entropy.c). */
#ifndef LAVENDER_NUCLEUS_ENTROPY_H
#define LAVENDER_NUCLEUS_ENTROPY_H

/* Folds the TSC's low bits (and the line) into the pool; called by
 * nu_pic_dispatch for every interrupt it hands to a handler, with
 * interrupts off. */
void nu_entropy_irq(unsigned irq);

#endif
