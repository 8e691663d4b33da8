package dev.corio.bench

import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.fold
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.yield

/**
 * The Kotlin coroutine side of every workload, written as idiomatic kotlinx.coroutines code. Each function
 * runs one whole workload and blocks until it is done; [kind] picks where the coroutines run:
 *
 * - `loop`: `runBlocking`'s own event loop on the calling thread (one thread, FIFO queue) — Kotlin's
 *   closest match to Corio's loop;
 * - `single`: a single-threaded dispatcher (`Executors.newSingleThreadExecutor().asCoroutineDispatcher()`,
 *   FIFO, every dispatch goes through the executor's blocking queue);
 * - `default`: `Dispatchers.Default` (one worker per core; per-worker FIFO queues plus a LIFO
 *   "last scheduled" slot, work stealing).
 */
object KotlinPeers {
    private val single by lazy {
        Executors.newSingleThreadExecutor { r -> Thread(r, "kotlin-single").apply { isDaemon = true } }
            .asCoroutineDispatcher()
    }

    private fun <T> run(kind: String, block: suspend CoroutineScope.() -> T): T = when (kind) {
        "loop" -> runBlocking(block = block)
        "single" -> runBlocking(single, block)
        "default" -> runBlocking(Dispatchers.Default, block)
        else -> throw IllegalArgumentException("unknown Kotlin dispatcher kind '$kind' (loop, single, default)")
    }

    /** [tasks] coroutines each call `yield()` [rounds] times; returns the number of yields. */
    @JvmStatic
    fun switchYield(kind: String, tasks: Int, rounds: Int): Long = run(kind) {
        val total = AtomicLong()
        val jobs = arrayOfNulls<Job>(tasks)
        for (k in 0 until tasks) {
            jobs[k] = launch {
                var i = 0
                while (i < rounds) {
                    yield()
                    i++
                }
                total.addAndGet(i.toLong())
            }
        }
        for (j in jobs) j!!.join()
        total.get()
    }

    /** [n] × `async { 1 }`, then awaits each in order; returns the sum (n). */
    @JvmStatic
    fun spawnJoin(kind: String, n: Int): Long = run(kind) {
        val ds = arrayOfNulls<Deferred<Int>>(n)
        for (k in 0 until n) ds[k] = async { 1 }
        var sum = 0L
        for (k in 0 until n) {
            sum += ds[k]!!.await()
            ds[k] = null
        }
        sum
    }

    /**
     * Launches [n] coroutines that each `delay` an hour, runs [whileSleeping] once all of them have started,
     * then cancels each and joins each. Returns {start nanoseconds, cancel nanoseconds}.
     */
    @JvmStatic
    fun sleepers(kind: String, n: Int, whileSleeping: Runnable): LongArray = run(kind) {
        val started = AtomicInteger()
        val allStarted = CompletableDeferred<Unit>()
        var t0 = System.nanoTime()
        val jobs = arrayOfNulls<Job>(n)
        for (k in 0 until n) {
            jobs[k] = launch {
                if (started.incrementAndGet() == n) allStarted.complete(Unit)
                delay(3_600_000)
                throw IllegalStateException("a sleeper woke up without being cancelled")
            }
        }
        allStarted.await()
        val startNanos = System.nanoTime() - t0
        whileSleeping.run()
        t0 = System.nanoTime()
        for (j in jobs) j!!.cancel()
        for (j in jobs) j!!.join()
        for (j in jobs) check(j!!.isCancelled) { "a sleeper was not cancelled" }
        longArrayOf(startNanos, System.nanoTime() - t0)
    }

    /** Counts the tree with one `async` per node, awaiting the children in order. */
    @JvmStatic
    fun fanOut(kind: String, tree: Tree): Int = run(kind) { count(tree.root) }

    private suspend fun count(node: Tree.Node): Int {
        val cs = node.children
        if (cs.isEmpty()) return 1
        return coroutineScope {
            val kids = arrayOfNulls<Deferred<Int>>(cs.size)
            for (k in cs.indices) {
                val c = cs[k]
                kids[k] = async { count(c) }
            }
            var sum = 1
            for (d in kids) sum += d!!.await()
            sum
        }
    }

    /** One producer sends [n] integers through a `Channel(capacity)`, one consumer receives them. */
    @JvmStatic
    fun producerConsumer(kind: String, n: Int, capacity: Int): Long = run(kind) {
        val ch = Channel<Int>(capacity)
        val consumer = async {
            var s = 0L
            repeat(n) { s += ch.receive() }
            s
        }
        launch {
            for (i in 0 until n) ch.send(i)
        }
        consumer.await()
    }

    /** Workload 6: `flow { emit(i) }` of [n] ints, `map { it * 3 }`, `filter { even }`, `fold` into a sum. */
    @JvmStatic
    fun flowPipeline(n: Int): Long = runBlocking {
        flow { for (i in 0 until n) emit(i) }
            .map { it * 3 }
            .filter { (it and 1) == 0 }
            .fold(0L) { acc, y -> acc + y }
    }

    /**
     * [tasks] coroutines each take one [Mutex] [rounds] times and `yield()` once while holding it; returns the
     * critical sections run (counted under the lock).
     */
    @JvmStatic
    fun lockHandoff(kind: String, tasks: Int, rounds: Int): Long = run(kind) {
        val mutex = Mutex()
        var holds = 0L
        val jobs = arrayOfNulls<Job>(tasks)
        for (k in 0 until tasks) {
            jobs[k] = launch {
                repeat(rounds) {
                    mutex.withLock {
                        holds++
                        yield()
                    }
                }
            }
        }
        for (j in jobs) j!!.join()
        mutex.withLock { holds }
    }
}
