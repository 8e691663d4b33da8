package dev.corio;

import static dev.corio.Script.awaiting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corio.context.Context;
import dev.corio.context.ContextVar;
import dev.corio.context.Token;
import dev.corio.sync.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Context variables and the loop: tasks copy the context at creation, callbacks run in the context they were
 * scheduled from, done callbacks in the context of the code that added them. Ported from CPython's
 * test_context.py (AsyncContextTest), test_tasks.py ({@code test_context_1..6}, {@code test_get_context}),
 * test_futures.py and test_events.py ({@code context=} arguments), on the virtual clock.
 */
class ContextTasksTest {
    private static <T> T run(Coroutine<T> main) {
        return TestBase.run(main);
    }

    @Test
    void aTaskStartsWithACopyOfItsCreatorsContext() { // test_tasks.test_context_1
        ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
        List<String> seen = new ArrayList<>();
        Coroutine<Void> sub = new Script<Void>()
                .then(v -> awaiting(Corio.sleep(0.01)))
                .then(v -> {
                    seen.add("sub " + cvar.get());
                    cvar.set("something else");
                    return null;
                });
        run(new Script<Void>()
                .then(v -> {
                    seen.add("main " + cvar.get());
                    Task<Void> subtask = Corio.createTask(sub);
                    cvar.set("yes");
                    seen.add("main " + cvar.get());
                    return awaiting(subtask);
                })
                .then(v -> {
                    seen.add("main " + cvar.get());
                    return null;
                }));
        assertEquals(List.of("main nope", "main yes", "sub nope", "main yes"), seen);
    }

    @Test
    void tasksAreIsolatedFromEachOther() { // test_context.test_asyncio_independent_contexts
        ContextVar<String> cvar = new ContextVar<>("cvar", "A");
        List<String> seen = new ArrayList<>();
        run(new Script<Void>().then(v -> {
            Event updated1 = new Event();
            Event updated2 = new Event();
            Coroutine<Void> task1 = new Script<Void>()
                    .then(x -> {
                        seen.add("1:" + cvar.get());
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        cvar.set("B");
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        updated1.set();
                        return awaiting(updated2.await());
                    })
                    .then(x -> {
                        seen.add("1:" + cvar.get());
                        return null;
                    });
            Coroutine<Void> task2 = new Script<Void>()
                    .then(x -> awaiting(updated1.await()))
                    .then(x -> {
                        seen.add("2:" + cvar.get());
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        cvar.set("C");
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        updated2.set();
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        seen.add("2:" + cvar.get());
                        return null;
                    });
            return awaiting(Corio.taskGroup(tg -> {
                tg.createTask(task1);
                tg.createTask(task2);
                return Corio.sleep(0);
            }));
        }).then(v -> {
            seen.add("main:" + cvar.get());
            return null;
        }));
        assertEquals(List.of("1:A", "2:A", "1:B", "2:C", "main:A"), seen);
    }

    @Test
    void aDirectAwaitSharesTheTasksContext() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "outer");
        Coroutine<String> inner = new Script<String>()
                .then(v -> {
                    String before = cvar.get();
                    cvar.set("set by the awaited coroutine");
                    return awaiting(Corio.sleep(1, before));
                });
        String[] after = new String[1];
        String before = run(new Script<String>()
                .then(v -> {
                    cvar.set("set by the task");
                    return awaiting(inner);
                })
                .then(v -> {
                    after[0] = cvar.get();
                    return v;
                }));
        assertEquals("set by the task", before);
        assertEquals("set by the awaited coroutine", after[0]);
    }

    @Test
    void manyTasksEachKeepTheirOwnValueAcrossAwaits() { // test_tasks.test_context_3
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        int n = 1000;
        List<Task<Integer>> tasks = new ArrayList<>();
        run(new Script<Void>().then(v -> {
            for (int i = 0; i < n; i++) {
                int j = i;
                tasks.add(Corio.createTask(new Script<Integer>()
                        .then(x -> {
                            assertEquals(-1, cvar.get());
                            cvar.set(j);
                            return awaiting(Corio.sleep(0.001 * (j % 7)));
                        })
                        .then(x -> awaiting(Corio.sleep(0)))
                        .then(x -> cvar.get())));
            }
            return awaiting(Corio.gather(tasks));
        }));
        for (int i = 0; i < n; i++) {
            assertEquals(i, tasks.get(i).result());
        }
        assertEquals(-1, cvar.get());
    }

    @Test
    void aTaskGivenAContextRunsInIt() { // test_tasks.test_context_4/5: create_task(coro, context=ctx)
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        List<Object> ret = new ArrayList<>();
        run(new Script<Void>()
                .then(v -> {
                    Context ctx = Context.copyContext();
                    ret.add(ctx.get(cvar));
                    Task<Void> t1 = Corio.createTask(setLater(cvar, 1), null, ctx);
                    assertSame(ctx, t1.getContext()); // test_get_context
                    return awaiting(Corio.sleep(1, ctx));
                })
                .then(ctx -> {
                    ret.add(((Context) ctx).get(cvar));
                    Task<Void> t2 = Corio.createTask(setLater(cvar, 2), "t2", (Context) ctx);
                    return awaiting(Corio.sleep(1, ctx));
                })
                .then(ctx -> {
                    ret.add(((Context) ctx).get(cvar));
                    ret.add(cvar.get(null));
                    return null;
                }));
        assertEquals(java.util.Arrays.asList(null, 1, 2, null), ret);
    }

    private static Coroutine<Void> setLater(ContextVar<Integer> cvar, int value) {
        return new Script<Void>()
                .then(v -> awaiting(Corio.sleep(0)))
                .then(v -> {
                    cvar.set(value);
                    return null;
                });
    }

    @Test
    void aTaskCopiesLazilyAndKeepsTheContextItsFirstSetMade() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "none");
        EventLoop loop = EventLoop.virtual();
        try {
            loop.runUntilComplete(new Script<Void>().then(v -> {
                cvar.set("parent");
                Task<String> quiet1 = Corio.createTask(new Script<String>()
                        .then(x -> awaiting(Corio.sleep(0)))
                        .then(x -> cvar.get()));
                Task<String> quiet2 = Corio.createTask(Script.returning("q"));
                Task<String> setter = Corio.createTask(new Script<String>()
                        .then(x -> {
                            cvar.set("child");
                            return awaiting(Corio.sleep(0));
                        })
                        .then(x -> {
                            Context mine = Corio.currentTask().getContext();
                            assertEquals("child", mine.get(cvar));
                            assertThrows(IllegalStateException.class, () -> mine.run(() -> { }),
                                    "a task's context is entered while its step runs");
                            return awaiting(Corio.sleep(0, cvar.get()));
                        }));
                // Tasks that never set a variable hold their creator's immutable mapping: one shared object, no
                // Context made for them.
                assertFalse(quiet1.contextTarget() instanceof Context);
                assertSame(quiet1.contextTarget(), quiet2.contextTarget());
                assertSame(quiet1.contextTarget(), setter.contextTarget());
                return awaiting(Corio.gather(quiet1, quiet2, setter));
            }).then(v -> {
                assertEquals("parent", cvar.get());
                return null;
            }));
        } finally {
            loop.close();
        }
    }

    @Test
    void theSetterKeepsOneContextObjectAcrossSteps() {
        ContextVar<Integer> cvar = new ContextVar<>("n", 0);
        Object[] targets = new Object[3];
        run(new Script<Void>().then(v -> {
            Task<Void> t = Corio.createTask(new Script<Void>()
                    .then(x -> {
                        cvar.set(1);
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        assertEquals(1, cvar.get());
                        cvar.set(cvar.get() + 1);
                        return awaiting(Corio.sleep(0));
                    })
                    .then(x -> {
                        assertEquals(2, cvar.get());
                        return null;
                    }));
            targets[0] = t;
            return awaiting(Corio.sleep(0));
        }).then(v -> {
            targets[1] = ((Task<?>) targets[0]).contextTarget();
            return awaiting((Task<?>) targets[0]);
        }).then(v -> {
            targets[2] = ((Task<?>) targets[0]).contextTarget();
            assertEquals(0, cvar.get());
            return null;
        }));
        assertInstanceOf(Context.class, targets[1]);
        assertSame(targets[1], targets[2]);
        assertEquals(2, ((Context) targets[2]).get(cvar));
    }

    @Test
    void callbacksRunInACopyOfTheContextTheyWereScheduledFrom() { // test_tasks.test_context_2 and call_soon
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        List<String> seen = new ArrayList<>();
        EventLoop loop = EventLoop.virtual();
        try {
            loop.runUntilComplete(new Script<Void>().then(v -> {
                cvar.set("when scheduled");
                EventLoop l = Corio.getRunningLoop();
                l.callSoon(() -> {
                    seen.add("soon " + cvar.get());
                    cvar.set("set by the callback");
                });
                l.callLater(1, () -> seen.add("later " + cvar.get()));
                l.callAt(l.time() + 2, () -> seen.add("at " + cvar.get()));
                cvar.set("after scheduling");
                return awaiting(Corio.sleep(3));
            }).then(v -> {
                seen.add("task " + cvar.get());
                return null;
            }));
            loop.callSoon(() -> seen.add("outside any task " + cvar.get()));
            loop.runUntilComplete(Script.awaitAll(Corio.sleep(0)));
        } finally {
            loop.close();
        }
        assertEquals(List.of("soon when scheduled", "later when scheduled", "at when scheduled",
                "task after scheduling", "outside any task default"), seen);
    }

    @Test
    void aCallbackGivenAContextRunsInItAndItsSetsStay() { // call_soon(cb, context=ctx)
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        Context ctx = new Context();
        EventLoop loop = EventLoop.virtual();
        try {
            loop.callSoon(() -> cvar.set("soon"), ctx);
            loop.callLater(1, () -> assertEquals("soon", cvar.get()), ctx);
            loop.callLater(java.time.Duration.ofSeconds(2), () -> cvar.set("later"), ctx);
            loop.callAt(3, () -> assertEquals("later", cvar.get()), ctx);
            loop.runUntilComplete(Script.awaitAll(Corio.sleep(5)));
        } finally {
            loop.close();
        }
        assertEquals("later", ctx.get(cvar));
        assertEquals("default", cvar.get());
    }

    @Test
    void aCallbackFailingInAContextIsReportedAndTheContextLeft() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        Context ctx = new Context();
        EventLoop loop = EventLoop.virtual();
        TestBase.Recorder recorder = new TestBase.Recorder();
        loop.setExceptionHandler(recorder);
        try {
            loop.callSoon(() -> {
                cvar.set("x");
                throw new IllegalArgumentException("boom");
            }, ctx);
            loop.callSoon(() -> assertEquals("default", cvar.get()));
            loop.runUntilComplete(Script.awaitAll(Corio.sleep(0)));
        } finally {
            loop.close();
        }
        assertEquals(1, recorder.contexts.size(), recorder.messages().toString());
        assertEquals("boom", recorder.contexts.get(0).exception().getMessage());
        ctx.run(() -> { }); // not left entered
        assertEquals("x", ctx.get(cvar));
    }

    @Test
    void doneCallbacksRunInTheContextOfTheCodeThatAddedThem() { // test_futures: add_done_callback context
        ContextVar<Integer> cvar = new ContextVar<>("cvar", 0);
        List<Integer> seen = new ArrayList<>();
        Context explicit = new Context();
        explicit.run(() -> cvar.set(100));
        run(new Script<Void>().then(v -> {
            AsyncFuture<String> fut = Corio.getRunningLoop().createFuture();
            cvar.set(1);
            fut.addDoneCallback(f -> seen.add(cvar.get()));
            cvar.set(2);
            Context.copyContext().run(() -> {
                cvar.set(3);
                fut.addDoneCallback(f -> seen.add(cvar.get()));
            });
            fut.addDoneCallback(f -> seen.add(cvar.get()), explicit);
            cvar.set(4);
            Corio.getRunningLoop().callLater(1, () -> fut.setResult("done"));
            return awaiting(fut);
        }).then(v -> awaiting(Corio.sleep(0))));
        assertEquals(List.of(1, 3, 100), seen);
    }

    @Test
    void toThreadCarriesTheContextToTheWorkerAndNotBack() throws Exception {
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        String[] inWorker = new String[2];
        String after = run(new Script<String>().then(v -> {
            cvar.set("request-17");
            return awaiting(Corio.toThread(() -> {
                inWorker[0] = cvar.get();
                cvar.set("set by the worker");
                inWorker[1] = cvar.get();
                return Thread.currentThread().getName();
            }));
        }).then(name -> {
            assertTrue(((String) name).startsWith("corio-executor"), (String) name);
            return awaiting(Corio.toThread(cvar::get)); // the worker thread's own context was not changed either
        }).then(second -> {
            assertEquals("request-17", second);
            return cvar.get();
        }));
        assertEquals("request-17", inWorker[0]);
        assertEquals("set by the worker", inWorker[1]);
        assertEquals("request-17", after);
    }

    @Test
    void threadsafeSubmissionsCarryTheSubmittingThreadsContext() throws Exception {
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        EventLoop loop = EventLoop.virtual();
        AsyncFuture<Void> release = loop.createFuture();
        Thread loopThread = new Thread(() -> loop.runUntilComplete(release), "ctx-loop");
        loopThread.start();
        try {
            cvar.set("from the submitter");
            CompletableFuture<String> seenByCallback = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> seenByCallback.complete(cvar.get()));
            Context explicit = new Context();
            CompletableFuture<String> seenInExplicit = new CompletableFuture<>();
            loop.callSoonThreadsafe(() -> {
                cvar.set("explicit");
                seenInExplicit.complete(cvar.get());
            }, explicit);
            CompletableFuture<String> seenByTask = Corio.runCoroutineThreadsafe(new Script<String>()
                    .then(v -> awaiting(Corio.sleep(0)))
                    .then(v -> cvar.get()), loop);
            assertEquals("from the submitter", seenByCallback.get(10, TimeUnit.SECONDS));
            assertEquals("explicit", seenInExplicit.get(10, TimeUnit.SECONDS));
            assertEquals("from the submitter", seenByTask.get(10, TimeUnit.SECONDS));
            assertEquals("explicit", explicit.get(cvar));
        } finally {
            loop.callSoonThreadsafe(() -> release.setResult(null));
            loopThread.join(10_000);
            loop.close();
        }
    }

    @Test
    void aTaskGroupChildCanBeGivenAContext() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", 0);
        Context ctx = new Context();
        run(Corio.taskGroup(tg -> {
            tg.createTask(setLater(cvar, 7), "child", ctx);
            return Corio.sleep(0);
        }));
        assertEquals(7, ctx.get(cvar));
    }

    @Test
    void theLoopsOwnContextIsLeftAsItWas() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        cvar.set("thread");
        run(new Script<Void>().then(v -> {
            assertEquals("thread", cvar.get()); // Corio.run's main task copies the calling thread's context
            cvar.set("main task");
            Token<String> t = cvar.set("again");
            cvar.reset(t);
            return awaiting(Corio.sleep(0));
        }));
        assertEquals("thread", cvar.get());
    }

    @Test
    void aTokenFromAnotherTaskIsRefused() {
        ContextVar<String> cvar = new ContextVar<>("cvar", "default");
        run(new Script<Void>().then(v -> {
            Task<Token<String>> other = Corio.createTask(new Script<Token<String>>().then(x -> cvar.set("other")));
            return awaiting(other);
        }).then(tok -> {
            @SuppressWarnings("unchecked")
            Token<String> t = (Token<String>) tok;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cvar.reset(t));
            assertTrue(e.getMessage().contains("different Context"), e.getMessage());
            return null;
        }));
    }
}
