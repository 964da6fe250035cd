/* Prints what gcc knows of the structs and constants ipcsh's posix package declares by
 * hand, one "NAME VALUE" per line, for LayoutTest to compare with the Java side. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>

#define SIZE(T) printf("sizeof " #T " %zu\n", sizeof(T))
#define ALIGN(T) printf("alignof " #T " %zu\n", _Alignof(T))
#define OFF(T, F) printf("offsetof " #T "." #F " %zu\n", offsetof(T, F))
#define OFF_AS(T, F, NAME) printf("offsetof " #T "." NAME " %zu\n", offsetof(T, F))
#define CONST(C) printf("const " #C " %ld\n", (long) (C))

int main(void) {
    SIZE(struct ipc_perm);
    OFF(struct ipc_perm, __key); OFF(struct ipc_perm, uid); OFF(struct ipc_perm, gid);
    OFF(struct ipc_perm, cuid); OFF(struct ipc_perm, cgid); OFF(struct ipc_perm, mode);
    OFF(struct ipc_perm, __seq);

    SIZE(struct shmid_ds);
    OFF(struct shmid_ds, shm_perm); OFF(struct shmid_ds, shm_segsz); OFF(struct shmid_ds, shm_atime);
    OFF(struct shmid_ds, shm_dtime); OFF(struct shmid_ds, shm_ctime); OFF(struct shmid_ds, shm_cpid);
    OFF(struct shmid_ds, shm_lpid); OFF(struct shmid_ds, shm_nattch);

    SIZE(struct semid_ds);
    OFF(struct semid_ds, sem_perm); OFF(struct semid_ds, sem_otime); OFF(struct semid_ds, sem_ctime);
    OFF(struct semid_ds, sem_nsems);

    SIZE(struct msqid_ds);
    OFF(struct msqid_ds, msg_perm); OFF(struct msqid_ds, msg_stime); OFF(struct msqid_ds, msg_rtime);
    OFF(struct msqid_ds, msg_ctime); OFF(struct msqid_ds, __msg_cbytes); OFF(struct msqid_ds, msg_qnum);
    OFF(struct msqid_ds, msg_qbytes); OFF(struct msqid_ds, msg_lspid); OFF(struct msqid_ds, msg_lrpid);

    SIZE(struct sembuf);
    OFF(struct sembuf, sem_num); OFF(struct sembuf, sem_op); OFF(struct sembuf, sem_flg);

    SIZE(struct mq_attr);
    OFF(struct mq_attr, mq_flags); OFF(struct mq_attr, mq_maxmsg); OFF(struct mq_attr, mq_msgsize);
    OFF(struct mq_attr, mq_curmsgs);

    SIZE(struct stat);
    OFF(struct stat, st_dev); OFF(struct stat, st_ino); OFF(struct stat, st_nlink); OFF(struct stat, st_mode);
    OFF(struct stat, st_uid); OFF(struct stat, st_gid); OFF(struct stat, st_rdev); OFF(struct stat, st_size);
    OFF(struct stat, st_blksize); OFF(struct stat, st_blocks); OFF(struct stat, st_atim);
    OFF(struct stat, st_mtim); OFF(struct stat, st_ctim);

    SIZE(struct sockaddr_un);
    OFF(struct sockaddr_un, sun_family); OFF(struct sockaddr_un, sun_path);

    SIZE(struct sockaddr_in);
    OFF(struct sockaddr_in, sin_family); OFF(struct sockaddr_in, sin_port); OFF(struct sockaddr_in, sin_addr);
    OFF(struct sockaddr_in, sin_zero);

    SIZE(struct timespec);
    OFF(struct timespec, tv_sec); OFF(struct timespec, tv_nsec);

    SIZE(sem_t); ALIGN(sem_t);
    SIZE(pthread_mutex_t); ALIGN(pthread_mutex_t); SIZE(pthread_mutexattr_t);
    OFF_AS(pthread_mutex_t, __data.__lock, "__lock"); OFF_AS(pthread_mutex_t, __data.__count, "__count");
    OFF_AS(pthread_mutex_t, __data.__owner, "__owner"); OFF_AS(pthread_mutex_t, __data.__nusers, "__nusers");
    OFF_AS(pthread_mutex_t, __data.__kind, "__kind"); OFF_AS(pthread_mutex_t, __data.__spins, "__spins");
    OFF_AS(pthread_mutex_t, __data.__list, "__prev");
    SIZE(cpu_set_t);

    CONST(IPC_PRIVATE); CONST(IPC_CREAT); CONST(IPC_EXCL); CONST(IPC_NOWAIT); CONST(IPC_RMID);
    CONST(IPC_SET); CONST(IPC_STAT); CONST(IPC_INFO);
    CONST(SHM_RDONLY); CONST(SHM_STAT); CONST(SHM_INFO); CONST(SHM_STAT_ANY); CONST(SHM_DEST); CONST(SHM_LOCKED);
    CONST(SEM_UNDO); CONST(GETPID); CONST(GETVAL); CONST(GETALL); CONST(GETNCNT); CONST(GETZCNT);
    CONST(SETVAL); CONST(SETALL); CONST(SEM_STAT); CONST(SEM_INFO); CONST(SEM_STAT_ANY);
    CONST(MSG_NOERROR); CONST(MSG_EXCEPT); CONST(MSG_STAT); CONST(MSG_INFO); CONST(MSG_STAT_ANY);
    CONST(O_RDONLY); CONST(O_WRONLY); CONST(O_RDWR); CONST(O_CREAT); CONST(O_EXCL); CONST(O_TRUNC); CONST(O_NONBLOCK);
    CONST(O_CLOEXEC); CONST(F_GETFL); CONST(F_SETFL);
    CONST(PROT_NONE); CONST(PROT_READ); CONST(PROT_WRITE); CONST(MAP_SHARED); CONST(MAP_PRIVATE);
    CONST(MAP_FAILED); CONST(SEM_FAILED); CONST(SEM_VALUE_MAX);
    CONST(S_IFMT); CONST(S_IFREG); CONST(S_IFIFO);
    CONST(AF_UNIX); CONST(AF_INET); CONST(SOCK_STREAM); CONST(SOCK_CLOEXEC); CONST(IPPROTO_TCP); CONST(TCP_NODELAY);
    CONST(SHUT_RDWR); CONST(INADDR_LOOPBACK);
    CONST(CLOCK_REALTIME); CONST(CLOCK_MONOTONIC);
    CONST(PTHREAD_PROCESS_PRIVATE); CONST(PTHREAD_PROCESS_SHARED); CONST(PTHREAD_MUTEX_STALLED);
    CONST(PTHREAD_MUTEX_ROBUST); CONST(PTHREAD_MUTEX_NORMAL); CONST(PTHREAD_MUTEX_RECURSIVE);
    CONST(PTHREAD_MUTEX_ERRORCHECK);

#define E(N) printf("errno " #N " %d\n", N)
    E(EPERM); E(ENOENT); E(ESRCH); E(EINTR); E(EIO); E(ENXIO); E(E2BIG); E(EBADF); E(EAGAIN); E(ENOMEM); E(EACCES);
    E(EFAULT); E(EBUSY); E(EEXIST); E(ENOTDIR); E(EISDIR); E(EINVAL); E(ENFILE); E(EMFILE); E(EFBIG);
    E(ENOSPC); E(EPIPE); E(ERANGE); E(EDEADLK); E(ENAMETOOLONG); E(ENOSYS); E(ENOTEMPTY); E(ELOOP); E(ENOMSG);
    E(EIDRM); E(EBADMSG); E(EOVERFLOW); E(EMSGSIZE); E(ENOTSUP); E(EADDRINUSE); E(ECONNRESET); E(ETIMEDOUT); E(ECONNREFUSED); E(EOWNERDEAD);
    E(ENOTRECOVERABLE);
    return 0;
}
