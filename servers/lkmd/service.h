/* lkmd's port, served (service.c). */
#ifndef LAVENDER_LKMD_SERVICE_H
#define LAVENDER_LKMD_SERVICE_H

/* Serves the requests of lavender/lkmd_proto.h on port (a receive right)
 * for ever; LOAD and UNLOAD only from parent_pid (init). Returns the
 * receive error that ended it. */
int lkmd_serve(int port, int parent_pid);

#endif
