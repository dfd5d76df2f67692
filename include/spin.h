/*
 * spin: adaptive busy-polling after tracer events.
 *
 * Most of what ptrace costs a serial workload is wake-up latency: each stop
 * wakes the sleeping tracer on another CPU.  Polling waitpid for a short
 * while after each event, instead of going back to sleep at once, catches
 * the next stop without that wake-up.  It only pays while a CPU is idle:
 * on a machine whose CPUs are all busy (make -j), the polling steals time
 * from the work.  So spin_budget_us() says yes only when, over the last
 * sample period, the machine had most of a CPU to spare (counting the CPU
 * time ptop itself spent polling as spare, not the time it waited for a
 * CPU), polling did not wait long for a CPU, ptop may run on two CPUs or
 * more, and, checked before each round of polling, no more tasks are
 * runnable than there are CPUs (plus one).
 * PTOP_SPIN_US overrides all of it: that many microseconds after every
 * event, whatever the machine is doing (0 turns polling off).
 */
#ifndef PTOP_SPIN_H
#define PTOP_SPIN_H

#include <stdint.h>

/* Read the affinity and the override; open /proc/stat and /proc/loadavg. */
void spin_init(void);
/* Microseconds to keep polling after an event; 0 = go to sleep now. */
int64_t spin_budget_us(void);
/* More tasks are runnable right now than polling can afford (costs ~2 us). */
int spin_contended(void);
/* The last sample found no CPU to spare (the UI draws less often then). */
int spin_machine_busy(void);
/*
 * One round of polling: the CPU time it had (counted as spare by the next
 * sample) and its wall time (the rest is time spent waiting for a CPU).
 */
void spin_account(int64_t cpu_us, int64_t wall_us);
/* Take a sample of the machine's idle time and decide (every ~100 ms). */
void spin_sample(void);
/* Seconds to the first sample, and between the next ones. */
#define SPIN_FIRST_S	0.03
#define SPIN_SAMPLE_S	0.1

#endif
