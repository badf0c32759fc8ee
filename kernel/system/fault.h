/* User-mode exceptions end the faulting process (see fault.c). */
#ifndef LAVENDER_SYSTEM_FAULT_H
#define LAVENDER_SYSTEM_FAULT_H

void fault_init(void);

#endif
