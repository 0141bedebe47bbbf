package io.tandem.linux;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A platform thread that lives in another network namespace, and the means to run code on it.
 *
 * <p>Linux namespaces belong to threads, not processes: {@code setns(fd, CLONE_NEWNET)} moves only
 * the calling thread. A socket is created in the namespace of the thread that calls {@code socket()}
 * and stays there for its whole life, whatever thread uses it later. So opening a {@link VrrpSocket},
 * {@link GratuitousArp} or {@link Rtnetlink} inside {@link #call} gives an object bound to this
 * namespace that any thread may then use. Interface names given to those {@code open} methods are
 * looked up in the calling thread's namespace too.
 *
 * <p>The thread is dedicated: it runs nothing but the tasks given to {@link #call} and ends on
 * {@link #close}; it never goes back to a pool, so no unrelated code ever runs in the namespace.
 *
 * <p>Pitfalls, all because the namespace is per thread:
 * <ul>
 *   <li>A thread started from inside a task is born in the namespace, and so are pool workers or
 *       virtual-thread carriers a task happens to create. Do not start threads, use
 *       {@code CompletableFuture.*Async}, parallel streams or virtual threads inside a task; use
 *       {@link #startThread} for a thread that should live in the namespace.
 *   <li>{@code /sys/class/net} shows the namespace that mounted {@code /sys}, not the thread's: ask
 *       the kernel through sockets (netlink, {@code ioctl}) instead.
 *   <li>Blocking native calls pin virtual threads; every thread here is a platform thread.
 * </ul>
 *
 * <pre>{@code
 * try (NetNamespace ns = NetNamespace.enter("tdm-1a2b3c-db1")) {
 *     VrrpSocket socket = ns.call(() -> VrrpSocket.multicast("eth0"));
 *     socket.send(datagram);          // from any thread: the socket stays in tdm-1a2b3c-db1
 * }
 * }</pre>
 */
public final class NetNamespace implements AutoCloseable {
    private static final String RUN_NETNS = "/run/netns";

    /** A task whose checked exception type the caller sees. */
    @FunctionalInterface
    public interface Task<T, X extends Exception> {
        T call() throws X;
    }

    private final String name;
    private final int fd;
    private final Thread thread;
    private final LinkedBlockingQueue<Job<?>> jobs = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetNamespace(String name, int fd) {
        this.name = name;
        this.fd = fd;
        this.thread = Thread.ofPlatform().daemon().name("netns-" + name).unstarted(this::serve);
    }

    /**
     * Starts a thread in the named namespace {@code /run/netns/<name>} (as {@code ip netns add}
     * creates them) and returns once the thread is inside.
     *
     * @throws NativeCallException open (ENOENT: no such namespace) or setns (EPERM: needs CAP_SYS_ADMIN) failed
     */
    public static NetNamespace enter(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace name: \"" + name + "\"");
        }
        return enter(Path.of(RUN_NETNS, name), name);
    }

    /**
     * Starts a thread in the namespace of any nsfs file, e.g. {@code /proc/<pid>/ns/net}.
     *
     * @throws NativeCallException open or setns failed (EINVAL: not a network namespace file)
     */
    public static NetNamespace enter(Path namespaceFile) {
        return enter(namespaceFile, namespaceFile.toString());
    }

    private static NetNamespace enter(Path file, String name) {
        int fd = LibC.open(file.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC, "of network namespace " + file);
        NetNamespace ns = new NetNamespace(name, fd);
        Job<Void> first = new Job<>(() -> null);
        ns.jobs.add(first);
        ns.thread.start();
        try {
            first.await();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The namespace's name as given to {@link #enter}. */
    public String name() {
        return name;
    }

    /**
     * Runs {@code task} on this namespace's thread and returns its result; its exception is thrown
     * here as it was thrown there. Called from the namespace's own thread, runs the task directly.
     * Waits for the task even when the calling thread is interrupted (the interrupt is kept).
     *
     * @throws IllegalStateException after {@link #close}
     */
    public <T, X extends Exception> T call(Task<T, X> task) throws X {
        Objects.requireNonNull(task, "task");
        if (Thread.currentThread() == thread) {
            return task.call();
        }
        Job<T> job = new Job<>(task);
        synchronized (jobs) {
            if (closed.get()) {
                throw new IllegalStateException("namespace thread " + thread.getName() + " is closed");
            }
            jobs.add(job);
        }
        return job.await();
    }

    /**
     * Starts a new platform thread in this namespace running {@code body}: for a long-running
     * reader or control loop that must live there. It is started from this namespace's thread, and
     * a new thread is born in its creator's namespaces. It keeps running after {@link #close}; stop
     * it through {@code body}'s own means.
     */
    public Thread startThread(String threadName, Runnable body) {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(body, "body");
        return call(() -> Thread.ofPlatform().name(threadName).start(body));
    }

    /** Ends the thread after the tasks already given; idempotent. Waits for the thread to end. */
    @Override
    public void close() {
        synchronized (jobs) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            jobs.add(Job.STOP);
        }
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "NetNamespace[" + name + (closed.get() ? ", closed" : "") + "]";
    }

    private void serve() {
        try {
            Job<?> first = take();
            try {
                LibC.setns(fd, LibC.CLONE_NEWNET, "into network namespace " + name);
            } catch (RuntimeException e) {
                first.fail(e);
                closed.set(true);
                failPending(e);
                return;
            }
            first.run();
            for (Job<?> job = take(); job != Job.STOP; job = take()) {
                job.run();
            }
        } finally {
            LibC.close(fd);
        }
    }

    private void failPending(RuntimeException cause) {
        synchronized (jobs) {
            for (Job<?> job; (job = jobs.poll()) != null; ) {
                if (job != Job.STOP) {
                    job.fail(new IllegalStateException("namespace thread for " + name + " did not start", cause));
                }
            }
        }
    }

    private Job<?> take() {
        while (true) {
            try {
                return jobs.take();
            } catch (InterruptedException e) {
                // only close() ends this thread
            }
        }
    }

    /** One task and its outcome. */
    private static final class Job<T> {
        static final Job<Void> STOP = new Job<>(() -> null);

        private final Task<T, ?> task;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Job(Task<T, ?> task) {
            this.task = task;
        }

        void run() {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }

        void fail(Throwable t) {
            result.completeExceptionally(t);
        }

        @SuppressWarnings("unchecked")
        <X extends Exception> T await() throws X {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException r) {
                            throw r;
                        }
                        if (cause instanceof Error err) {
                            throw err;
                        }
                        throw (X) cause; // the task's declared exception type
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
