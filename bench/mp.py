# bench/mp.py: a python multiprocessing workload for bench/overhead.sh.
#
#   python3 mp.py [POOLS [TASKS]]
#
# POOLS pools (default 10) of 4 worker processes one after the other, each
# mapping TASKS (default 200) small tasks one at a time; a worker ends after
# 5 tasks and the pool forks a new one (maxtasksperchild), so a run forks
# about POOLS * TASKS / 5 workers, while the pool's three threads in the
# parent hand out tasks and collect results: fork, clone and exit events
# with both CPUs busy part of the time, the shape of a python test suite or
# a data-processing script.
import multiprocessing
import sys


def work(n):
    return sum(i * i for i in range(n % 50 * 20))


def main():
    pools = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    total = 0
    for _ in range(pools):
        with multiprocessing.Pool(4, maxtasksperchild=5) as pool:
            total += sum(pool.map(work, range(tasks), chunksize=1))
    print(total)


if __name__ == "__main__":
    main()
