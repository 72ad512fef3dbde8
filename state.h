#ifndef RUNLET_STATE_H
#define RUNLET_STATE_H

#include "oci.h"
#include "util.h"

enum status { ST_CREATING, ST_CREATED, ST_RUNNING, ST_STOPPED, ST_PAUSED };
extern const char *const status_names[];

/* <root>/<id> opened and flock()ed; -ENOENT when there is no such
 * container. The lock is released when the fd is closed. */
int state_lock(const char *root, const char *id, int *dirfd);
/* Make <root>/<id> for a new container, locked. -EEXIST if it exists. */
int state_create(const char *root, const char *id, int *dirfd);
int state_read(int dirfd, struct rt_state *s);
int state_write(int dirfd, const struct rt_state *s);
/* The real status, from the process (start time guards pid reuse). */
enum status state_status(int dirfd, const struct rt_state *s);
/* Remove <root>/<id> and everything in it. */
int state_remove(const char *root, const char *id, int dirfd);
/* Start time of pid (clock ticks since boot), 0 if gone or a zombie. */
uint64_t proc_start_time(int pid);
void state_to_json(struct buf *b, const struct rt_state *s, enum status st, bool internal);

#endif
