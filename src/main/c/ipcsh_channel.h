/*
 * ipcsh_channel.h - the synchronized producer/consumer channel that ipcsh keeps in a
 * System V shared memory segment. The Java side is io.ipcsh.demo.ChannelDescriptor
 * (layout) and io.ipcsh.demo.Channel (protocol); a C program that includes this header
 * takes part in the same hand-off as `produce` and `consume`.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         value (int32)                         |  0  the seed's *number
 *  +---------------------------------------------------------------+
 *  |                  kind (int32): 1 ITEM, 2 END                  |  4
 *  +---------------------------------------------------------------+
 *  |              magic (int32): 0x49504331 once ready             |  8
 *  +---------------------------------------------------------------+
 *  |                       reserved (int32)                        | 12
 *  +---------------------------------------------------------------+
 *  |                                                               | 16
 *  |          empty: sem_t (32 bytes, 8-aligned), starts at 1      |
 *  |                                                              ...
 *  +---------------------------------------------------------------+
 *  |                                                               | 48
 *  |          full: sem_t (32 bytes, 8-aligned), starts at 0       |
 *  |                                                              ...
 *  +---------------------------------------------------------------+
 *                                                                    80  LENGTH
 *
 * Protocol: the producer takes `empty`, stores value then kind = ITEM, posts `full`;
 * the consumer takes `full`, loads kind and value, posts `empty`. To finish, the
 * producer hands over kind = END with value = the number of items sent; the consumer
 * posts `empty` for it too, leaving the channel ready for another run.
 *
 * Why two semaphores: one mutex (a semaphore starting at 1, as the seed sketches it)
 * keeps each access whole but says nothing about whose turn it is, so the producer may
 * overwrite a value nobody read and the consumer may read one value twice. `empty`
 * and `full` make the two sides take turns: every value is read exactly once.
 *
 * Whoever initialises the channel stores the magic word last; a consumer that comes
 * first waits for it (ipcsh_channel_ready) before touching the semaphores.
 */
#ifndef IPCSH_CHANNEL_H
#define IPCSH_CHANNEL_H

#include <errno.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>

#define IPCSH_CHANNEL_VALUE_OFFSET    0
#define IPCSH_CHANNEL_KIND_OFFSET     4
#define IPCSH_CHANNEL_MAGIC_OFFSET    8
#define IPCSH_CHANNEL_RESERVED_OFFSET 12
#define IPCSH_CHANNEL_EMPTY_OFFSET    16
#define IPCSH_CHANNEL_FULL_OFFSET     48
#define IPCSH_CHANNEL_LENGTH          80
/* The unsynchronized mode (the seed's original) uses only `value`: one int. */
#define IPCSH_CHANNEL_UNSYNCHRONIZED_LENGTH 4

#define IPCSH_CHANNEL_MAGIC     0x49504331 /* "IPC1" */
#define IPCSH_CHANNEL_KIND_ITEM 1
#define IPCSH_CHANNEL_KIND_END  2

struct ipcsh_channel {
    int32_t value;
    int32_t kind;
    int32_t magic;
    int32_t reserved;
    sem_t empty;
    sem_t full;
};

_Static_assert(sizeof(sem_t) == 32, "ipcsh_channel.h assumes a 32-byte sem_t (x86_64 glibc)");
_Static_assert(offsetof(struct ipcsh_channel, value) == IPCSH_CHANNEL_VALUE_OFFSET, "value");
_Static_assert(offsetof(struct ipcsh_channel, kind) == IPCSH_CHANNEL_KIND_OFFSET, "kind");
_Static_assert(offsetof(struct ipcsh_channel, magic) == IPCSH_CHANNEL_MAGIC_OFFSET, "magic");
_Static_assert(offsetof(struct ipcsh_channel, empty) == IPCSH_CHANNEL_EMPTY_OFFSET, "empty");
_Static_assert(offsetof(struct ipcsh_channel, full) == IPCSH_CHANNEL_FULL_OFFSET, "full");
_Static_assert(sizeof(struct ipcsh_channel) == IPCSH_CHANNEL_LENGTH, "length");

/* sem_wait, restarted when a signal interrupts it. 0 on success, -1 with errno. */
static inline int ipcsh_channel_wait(sem_t *s) {
    int r;
    while ((r = sem_wait(s)) == -1 && errno == EINTR) {
    }
    return r;
}

/* Makes the channel ready (empty = 1, full = 0), magic last. Only while nobody uses it. */
static inline int ipcsh_channel_init(struct ipcsh_channel *ch) {
    __atomic_store_n(&ch->magic, 0, __ATOMIC_SEQ_CST);
    ch->value = 0;
    ch->kind = 0;
    if (sem_init(&ch->empty, 1, 1) == -1 || sem_init(&ch->full, 1, 0) == -1) {
        return -1;
    }
    __atomic_store_n(&ch->magic, IPCSH_CHANNEL_MAGIC, __ATOMIC_RELEASE);
    return 0;
}

/* 1 once someone initialised the channel. */
static inline int ipcsh_channel_ready(struct ipcsh_channel *ch) {
    return __atomic_load_n(&ch->magic, __ATOMIC_ACQUIRE) == IPCSH_CHANNEL_MAGIC;
}

static inline int ipcsh_channel_hand_over(struct ipcsh_channel *ch, int32_t value, int32_t kind) {
    if (ipcsh_channel_wait(&ch->empty) == -1) {
        return -1;
    }
    __atomic_store_n(&ch->value, value, __ATOMIC_SEQ_CST);
    __atomic_store_n(&ch->kind, kind, __ATOMIC_SEQ_CST);
    return sem_post(&ch->full);
}

/* Producer: waits for the slot to be free, then hands `value` over. 0, or -1 with errno. */
static inline int ipcsh_channel_send(struct ipcsh_channel *ch, int32_t value) {
    return ipcsh_channel_hand_over(ch, value, IPCSH_CHANNEL_KIND_ITEM);
}

/* Producer: tells the consumer it is done, having sent `count` items. */
static inline int ipcsh_channel_end(struct ipcsh_channel *ch, int32_t count) {
    return ipcsh_channel_hand_over(ch, count, IPCSH_CHANNEL_KIND_END);
}

/*
 * Consumer: waits for the next hand-off. Returns 1 with *value set to an item, 0 at
 * the end with *value set to the producer's count, -1 with errno on failure.
 */
static inline int ipcsh_channel_receive(struct ipcsh_channel *ch, int32_t *value) {
    if (ipcsh_channel_wait(&ch->full) == -1) {
        return -1;
    }
    int32_t kind = __atomic_load_n(&ch->kind, __ATOMIC_SEQ_CST);
    *value = __atomic_load_n(&ch->value, __ATOMIC_SEQ_CST);
    if (sem_post(&ch->empty) == -1) {
        return -1;
    }
    return kind == IPCSH_CHANNEL_KIND_END ? 0 : 1;
}

#endif /* IPCSH_CHANNEL_H */
