/**
 * The seed's producer/consumer, done right: {@link io.ipcsh.demo.Channel} plays either
 * role on a segment, unsynchronized (the seed's polled int, which misses values) or
 * synchronized (a hand-off through the {@code empty}/{@code full} semaphores laid out by
 * {@link io.ipcsh.demo.ChannelDescriptor}, published for C as
 * {@code src/main/c/ipcsh_channel.h}); {@link io.ipcsh.demo.Demo} runs both in two
 * processes ({@link io.ipcsh.demo.RoleProcess}) and reports sent, received, missed and
 * duplicated values. Depends on {@code io.ipcsh.ipc} only.
 */
package io.ipcsh.demo;
