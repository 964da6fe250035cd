package io.ipcsh.demo;

/**
 * The seed's two C++ programs as the seed writes them (seed/shared-memory-producer-consumer.md),
 * for the demo's lesson and the tests that build them with g++. Only the producer's item
 * count is a macro, so that a test can run fewer than the seed's 1000.
 */
public final class SeedSources {
    private SeedSources() {
    }

    /** producer.cpp: writes 0..ITEMS-1 to the int at the start of the segment, one every millisecond. */
    public static final String PRODUCER = """
            #include <sys/shm.h>
            #include <iostream>
            #include <unistd.h>

            #ifndef ITEMS
            #define ITEMS 1000
            #endif

            int main() {
                key_t key = ftok("shmfile", 65);
                int shmid = shmget(key, sizeof(int), 0666 | IPC_CREAT);
                int* number = (int*) shmat(shmid, (void*)0, 0);

                for (int i = 0; i < ITEMS; ++i) {
                    *number = i;
                    usleep(1000); // Simulate some processing time
                }

                // Detach and destroy shared memory
                shmdt(number);
                shmctl(shmid, IPC_RMID, NULL);

                return 0;
            }
            """;

    /**
     * consumer.cpp: prints each new value of the int. {@code *number} is a plain
     * {@code int *}, neither volatile nor atomic: built with -O2, g++ loads it once and the
     * loop never looks at memory again.
     */
    public static final String CONSUMER = """
            #include <sys/shm.h>
            #include <iostream>
            #include <unistd.h>

            int main() {
                key_t key = ftok("shmfile", 65);
                int shmid = shmget(key, sizeof(int), 0666 | IPC_CREAT);
                int* number = (int*) shmat(shmid, (void*)0, 0);

                int lastNumber = -1;
                while (true) {
                    if (*number != lastNumber) {
                        std::cout << "Received: " << *number << std::endl;
                        lastNumber = *number;
                    }
                }

                // Detach shared memory (unreachable in this example, but good practice)
                shmdt(number);

                return 0;
            }
            """;
}
