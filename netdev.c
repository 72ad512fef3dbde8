/* linux.netDevices: host network devices moved into the container's
 * network namespace over rtnetlink, renamed, brought up, with their
 * permanent addresses of global scope (a move drops every address, so
 * they are read first and added again inside). */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "container.h"
#include "sys.h"
#include "util.h"

struct nlreq {
	struct nlmsghdr h;
	union {
		struct ifinfomsg i;
		struct ifaddrmsg a;
	};
	char attrs[256];
};

static void add_attr(struct nlmsghdr *h, unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Send a request. For a dump, each reply message goes to fn; otherwise
 * the first reply of type `want` is copied to out. 0, or -errno. */
static int nl_talk(int s, struct nlmsghdr *h, int want, struct nlreq *out,
		   void (*fn)(struct nlmsghdr *m, void *ctx), void *ctx)
{
	static char buf[16384];
	int r = 1;

	/* no ack after a dump's NLMSG_DONE: it would answer the next request */
	h->nlmsg_flags |= NLM_F_REQUEST | (fn ? 0 : NLM_F_ACK);
	if (send(s, h, h->nlmsg_len, 0) < 0)
		return -errno;
	while (r > 0) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (struct nlmsghdr *m = (void *)buf; NLMSG_OK(m, n); m = NLMSG_NEXT(m, n)) {
			if (m->nlmsg_type == NLMSG_ERROR || m->nlmsg_type == NLMSG_DONE) {
				r = m->nlmsg_type == NLMSG_DONE ? 0 : ((struct nlmsgerr *)NLMSG_DATA(m))->error;
				break;
			}
			if (fn)
				fn(m, ctx);
			else if (m->nlmsg_type == want && out) /* the header is enough */
				memcpy(out, m, sizeof(*out) < m->nlmsg_len ? sizeof(*out) : m->nlmsg_len);
		}
	}
	return r;
}

/* The addresses to keep: a list of RTM_NEWADDR requests, ready to send. */
struct addrs {
	int index;
	size_t n;
	struct nlreq r[16];
};

static void keep_addr(struct nlmsghdr *m, void *ctx)
{
	struct addrs *k = ctx;
	struct ifaddrmsg *a = NLMSG_DATA(m);
	int len = (int)IFA_PAYLOAD(m);
	uint32_t flags = a->ifa_flags;

	if (m->nlmsg_type != RTM_NEWADDR || (int)a->ifa_index != k->index || a->ifa_scope != RT_SCOPE_UNIVERSE ||
	    k->n == ARRAY_SIZE(k->r))
		return;
	for (struct rtattr *t = IFA_RTA(a); RTA_OK(t, len); t = RTA_NEXT(t, len))
		if (t->rta_type == IFA_FLAGS)
			memcpy(&flags, RTA_DATA(t), 4);
	if (!(flags & IFA_F_PERMANENT))
		return;
	struct nlreq *q = &k->r[k->n++];
	memset(q, 0, sizeof(*q));
	q->h.nlmsg_len = NLMSG_LENGTH(sizeof(q->a));
	q->h.nlmsg_type = RTM_NEWADDR;
	q->h.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	q->a = *a;
	len = (int)IFA_PAYLOAD(m);
	/* the address itself; not the label (the old name) or lifetimes */
	for (struct rtattr *t = IFA_RTA(a); RTA_OK(t, len); t = RTA_NEXT(t, len))
		if (t->rta_type == IFA_ADDRESS || t->rta_type == IFA_LOCAL || t->rta_type == IFA_BROADCAST ||
		    t->rta_type == IFA_FLAGS)
			add_attr(&q->h, t->rta_type, RTA_DATA(t), RTA_PAYLOAD(t));
}

static int link_req(struct nlreq *q, int type, int index, const char *name)
{
	memset(q, 0, sizeof(*q));
	q->h.nlmsg_len = NLMSG_LENGTH(sizeof(q->i));
	q->h.nlmsg_type = (unsigned short)type;
	q->i.ifi_index = index;
	if (name)
		add_attr(&q->h, IFLA_IFNAME, name, strlen(name) + 1);
	return 0;
}

static int move_one(int host, int ctr, int nsfd, const struct oci_netdev *d)
{
	const char *name = d->name && *d->name ? d->name : d->host;
	struct nlreq q, reply;
	static struct addrs k;
	int r, index;

	if (strlen(d->host) >= IFNAMSIZ || strlen(name) >= IFNAMSIZ)
		return rt_fail(0, "linux.netDevices.%s: name longer than %d characters", d->host, IFNAMSIZ - 1);
	/* the device, by name, in the runtime's namespace */
	link_req(&q, RTM_GETLINK, 0, d->host);
	reply.i.ifi_index = 0;
	if ((r = nl_talk(host, &q.h, RTM_NEWLINK, &reply, NULL, NULL)) < 0 || !(index = reply.i.ifi_index))
		return rt_fail(-r, "linux.netDevices.%s: no such network device here", d->host);
	memset(&k, 0, sizeof(k));
	k.index = index;
	link_req(&q, RTM_GETADDR, 0, NULL);
	q.h.nlmsg_flags = NLM_F_DUMP;
	q.h.nlmsg_len = NLMSG_LENGTH(sizeof(q.a));
	if ((r = nl_talk(host, &q.h, 0, NULL, keep_addr, &k)) < 0)
		return rt_fail(-r, "linux.netDevices.%s: read its addresses", d->host);
	/* move and rename in one step: a name taken in the container fails
	 * with EEXIST, a "%d" template gets a free number */
	link_req(&q, RTM_NEWLINK, index, name);
	add_attr(&q.h, IFLA_NET_NS_FD, &nsfd, 4);
	if ((r = nl_talk(host, &q.h, 0, NULL, NULL, NULL)) < 0)
		return rt_fail(-r, "linux.netDevices.%s: move it into the container as %s", d->host, name);
	/* it keeps its index unless that is taken there: find it by name
	 * then (a template's name is only known by its index) */
	link_req(&q, RTM_GETLINK, index, NULL);
	reply.i.ifi_index = 0;
	if (nl_talk(ctr, &q.h, RTM_NEWLINK, &reply, NULL, NULL) < 0 && !strchr(name, '%')) {
		link_req(&q, RTM_GETLINK, 0, name);
		nl_talk(ctr, &q.h, RTM_NEWLINK, &reply, NULL, NULL);
	}
	if (!(index = reply.i.ifi_index))
		return rt_fail(0, "linux.netDevices.%s: moved, but not found in the container as %s", d->host, name);
	link_req(&q, RTM_NEWLINK, index, NULL);
	q.i.ifi_flags = q.i.ifi_change = IFF_UP;
	if ((r = nl_talk(ctr, &q.h, 0, NULL, NULL, NULL)) < 0)
		return rt_fail(-r, "linux.netDevices.%s: set %s up", d->host, name);
	for (size_t j = 0; j < k.n; j++) {
		k.r[j].a.ifa_index = (unsigned)index;
		if ((r = nl_talk(ctr, &k.r[j].h, 0, NULL, NULL, NULL)) < 0 && r != -EEXIST)
			return rt_fail(-r, "linux.netDevices.%s: add its address again in the container", d->host);
	}
	return 0;
}

/* In the runtime, once the init (pid) is in its network namespace. */
int netdev_move(const struct oci_config *cfg, pid_t pid)
{
	char p[64];
	int r = 0;

	if (!CFG_NETDEV || !cfg->n_net_devices)
		return 0;
	snprintf(p, sizeof(p), "/proc/%d/ns/net", pid);
	AUTOCLOSE int nsfd = openat(AT_FDCWD, p, O_RDONLY | O_CLOEXEC);
	AUTOCLOSE int self = openat(AT_FDCWD, "/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	AUTOCLOSE int host = sys_socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	AUTOCLOSE int ctr = -1;
	if (nsfd < 0 || self < 0 || host < 0)
		return rt_fail(errno, "linux.netDevices: open the network namespaces");
	/* a socket made in the container's namespace stays bound to it */
	if (setns(nsfd, CLONE_NEWNET) < 0)
		return rt_fail(errno, "linux.netDevices: enter the container's network namespace");
	ctr = sys_socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (setns(self, CLONE_NEWNET) < 0)
		return rt_fail(errno, "linux.netDevices: return to the runtime's network namespace");
	if (ctr < 0)
		return rt_fail(errno, "linux.netDevices: netlink socket");
	for (size_t k = 0; k < cfg->n_net_devices && r == 0; k++)
		r = move_one(host, ctr, nsfd, &cfg->net_devices[k]);
	return r;
}
