/*
 * ABI probe for SeccompAbiTests, SocketAbiTests and LibcAbiTests: prints what the system headers say, one
 * "name value" line each, for the tests to compare with the C# interop declarations.
 *   struct sizes:   "<struct> <sizeof>"
 *   field offsets:  "<struct>.<field> <offsetof>"
 *   constants:      "<NAME> <value as signed decimal>"
 * Built by the tests with gcc -Wall -Werror; never linked into anything else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

/* Linux 6.6 added these; Debian 12's linux-libc-dev (6.1) does not have them. Values from the 6.6 uapi header,
   built with the header's own _IOW macro so the encoding is the kernel's, not ours. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS _IOW(SECCOMP_IOC_MAGIC, 4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

#define SIZE(type) printf("%s %zu\n", #type, sizeof(struct type))
#define FIELD(type, field) printf("%s.%s %zu\n", #type, #field, offsetof(struct type, field))
#define CONST(name) printf("%s %lld\n", #name, (long long)(name))

int main(void)
{
    SIZE(seccomp_data);
    FIELD(seccomp_data, nr);
    FIELD(seccomp_data, arch);
    FIELD(seccomp_data, instruction_pointer);
    FIELD(seccomp_data, args);

    SIZE(seccomp_notif);
    FIELD(seccomp_notif, id);
    FIELD(seccomp_notif, pid);
    FIELD(seccomp_notif, flags);
    FIELD(seccomp_notif, data);

    SIZE(seccomp_notif_resp);
    FIELD(seccomp_notif_resp, id);
    FIELD(seccomp_notif_resp, val);
    FIELD(seccomp_notif_resp, error);
    FIELD(seccomp_notif_resp, flags);

    SIZE(seccomp_notif_sizes);
    FIELD(seccomp_notif_sizes, seccomp_notif);
    FIELD(seccomp_notif_sizes, seccomp_notif_resp);
    FIELD(seccomp_notif_sizes, seccomp_data);

    SIZE(msghdr);
    FIELD(msghdr, msg_name);
    FIELD(msghdr, msg_namelen);
    FIELD(msghdr, msg_iov);
    FIELD(msghdr, msg_iovlen);
    FIELD(msghdr, msg_control);
    FIELD(msghdr, msg_controllen);
    FIELD(msghdr, msg_flags);

    SIZE(iovec);
    FIELD(iovec, iov_base);
    FIELD(iovec, iov_len);

    SIZE(cmsghdr);
    FIELD(cmsghdr, cmsg_len);
    FIELD(cmsghdr, cmsg_level);
    FIELD(cmsghdr, cmsg_type);

    SIZE(ucred);
    FIELD(ucred, pid);
    FIELD(ucred, uid);
    FIELD(ucred, gid);

    SIZE(pollfd);
    FIELD(pollfd, fd);
    FIELD(pollfd, events);
    FIELD(pollfd, revents);

    /* glibc's struct sigaction; sa_handler is a macro for the union member, which offsetof accepts. */
    SIZE(sigaction);
    FIELD(sigaction, sa_handler);
    FIELD(sigaction, sa_mask);
    FIELD(sigaction, sa_flags);
    FIELD(sigaction, sa_restorer);

    /* Our statx_head names only the first fields but must span the whole struct statx. */
    SIZE(statx);
    FIELD(statx, stx_mask);
    FIELD(statx, stx_blksize);
    FIELD(statx, stx_attributes);
    FIELD(statx, stx_nlink);
    FIELD(statx, stx_uid);
    FIELD(statx, stx_gid);
    FIELD(statx, stx_mode);
    FIELD(statx, __spare0);
    FIELD(statx, stx_ino);
    FIELD(statx, stx_size);
    FIELD(statx, stx_blocks);
    FIELD(statx, stx_attributes_mask);
    FIELD(statx, stx_atime);
    FIELD(statx, stx_btime);
    FIELD(statx, stx_ctime);
    FIELD(statx, stx_mtime);
    FIELD(statx, stx_rdev_major);
    FIELD(statx, stx_rdev_minor);
    FIELD(statx, stx_dev_major);
    FIELD(statx, stx_dev_minor);

    SIZE(statx_timestamp);
    FIELD(statx_timestamp, tv_sec);
    FIELD(statx_timestamp, tv_nsec);
    FIELD(statx_timestamp, __reserved);

    /* CMSG_* macros for one fd and for SCM_MAX_FD (253) fds. */
    printf("CMSG_LEN_1 %zu\n", (size_t)CMSG_LEN(sizeof(int)));
    printf("CMSG_SPACE_1 %zu\n", (size_t)CMSG_SPACE(sizeof(int)));
    printf("CMSG_SPACE_253 %zu\n", (size_t)CMSG_SPACE(253 * sizeof(int)));

    CONST(SECCOMP_GET_NOTIF_SIZES);
    CONST(SECCOMP_IOCTL_NOTIF_RECV);
    CONST(SECCOMP_IOCTL_NOTIF_SEND);
    CONST(SECCOMP_IOCTL_NOTIF_ID_VALID);
    CONST(SECCOMP_IOCTL_NOTIF_SET_FLAGS);
    CONST(SECCOMP_USER_NOTIF_FLAG_CONTINUE);
    CONST(SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
    CONST(SYS_seccomp);
    CONST(SYS_pidfd_open);
    CONST(SYS_pidfd_send_signal);
    CONST(SYS_openat2);

    SIZE(open_how);
    FIELD(open_how, flags);
    FIELD(open_how, mode);
    FIELD(open_how, resolve);
    CONST(RESOLVE_NO_XDEV);
    CONST(RESOLVE_NO_MAGICLINKS);
    CONST(RESOLVE_NO_SYMLINKS);
    CONST(RESOLVE_BENEATH);
    CONST(RESOLVE_IN_ROOT);
    CONST(O_RDONLY);
    CONST(O_NOCTTY);
    CONST(O_NONBLOCK);
    CONST(O_PATH);
    CONST(STATX_UID);
    CONST(STATX_SIZE);
    CONST(S_IFREG);

    CONST(SOL_SOCKET);
    CONST(SCM_RIGHTS);
    CONST(SO_PEERCRED);
    CONST(MSG_CTRUNC);
    CONST(MSG_TRUNC);
    CONST(MSG_DONTWAIT);
    CONST(MSG_NOSIGNAL);
    CONST(MSG_CMSG_CLOEXEC);

    CONST(POLLIN);
    CONST(POLLERR);
    CONST(POLLHUP);
    CONST(POLLNVAL);

    CONST(SA_SIGINFO);
    CONST(SA_RESTART);
    CONST(SIG_DFL);
    CONST(SIG_IGN);

    CONST(EFD_NONBLOCK);
    CONST(EFD_CLOEXEC);
    CONST(AT_FDCWD);
    CONST(AT_SYMLINK_NOFOLLOW);
    CONST(AT_EMPTY_PATH);
    CONST(STATX_TYPE);
    CONST(STATX_INO);
    CONST(S_IFMT);
    CONST(S_IFSOCK);
    CONST(LOCK_SH);
    CONST(LOCK_EX);
    CONST(LOCK_NB);
    CONST(LOCK_UN);
    CONST(O_RDWR);
    CONST(O_CREAT);
    CONST(O_CLOEXEC);

    CONST(EPERM);
    CONST(ENOENT);
    CONST(ESRCH);
    CONST(EINTR);
    CONST(EIO);
    CONST(EBADF);
    CONST(EAGAIN);
    CONST(ENOMEM);
    CONST(EACCES);
    CONST(EFAULT);
    CONST(EBUSY);
    CONST(EEXIST);
    CONST(EXDEV);
    CONST(ENOTDIR);
    CONST(EINVAL);
    CONST(EMFILE);
    CONST(ENOTTY);
    CONST(ENOSPC);
    CONST(EPIPE);
    CONST(ENAMETOOLONG);
    CONST(ENOSYS);
    CONST(ELOOP);
    CONST(ENOTSOCK);
    CONST(EADDRINUSE);
    CONST(ECONNRESET);
    CONST(ECONNREFUSED);
    CONST(EINPROGRESS);
    return 0;
}
