package dev.corio.bench;

import dev.corio.group.LoopGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fan-out and spawn-and-join workloads on a {@link LoopGroup}: the work is split once, up front, into
 * one part per loop, and each loop runs its part exactly as {@link CorioPeers} does on one loop (one task
 * per node or per job, all on that loop); the caller sums the parts. No work stealing: a static split, as a
 * server pinning connections to loops does.
 */
public final class CorioGroupPeers {
    private CorioGroupPeers() {
    }

    /**
     * The root's subtrees dealt to {@code loops} parts, largest first, each to the part with the fewest nodes
     * so far (so that the loops get about the same work).
     */
    public static Tree.Node[][] split(Tree tree, int loops) {
        Tree.Node[] cs = tree.root.children.clone();
        int[] sizes = new int[tree.size];
        for (Tree.Node c : cs) {
            sizes[c.id] = size(c);
        }
        Arrays.sort(cs, Comparator.comparingInt((Tree.Node c) -> sizes[c.id]).reversed());
        List<List<Tree.Node>> parts = new ArrayList<>();
        long[] load = new long[loops];
        for (int i = 0; i < loops; i++) {
            parts.add(new ArrayList<>());
        }
        for (Tree.Node c : cs) {
            int best = 0;
            for (int i = 1; i < loops; i++) {
                if (load[i] < load[best]) {
                    best = i;
                }
            }
            parts.get(best).add(c);
            load[best] += sizes[c.id];
        }
        Tree.Node[][] out = new Tree.Node[loops][];
        for (int i = 0; i < loops; i++) {
            out[i] = parts.get(i).toArray(new Tree.Node[0]);
        }
        return out;
    }

    private static int size(Tree.Node n) {
        int s = 1;
        for (Tree.Node c : n.children) {
            s += size(c);
        }
        return s;
    }

    /** Counts the tree with one task per node, the root's subtrees spread over the group's loops as {@code parts}. */
    public static int fanOut(LoopGroup group, Tree.Node[][] parts) {
        List<CompletableFuture<Long>> results = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Tree.Node[] mine = parts[i];
            results.add(group.submit(i, new CorioPeers.JoinAll(mine.length, k -> new CorioPeers.Count(mine[k]))));
        }
        long sum = 1; // the root
        for (CompletableFuture<Long> r : results) {
            sum += r.join();
        }
        return (int) sum;
    }

    /** {@code n} tasks returning 1, split evenly over the group's loops, each part joined on its loop. */
    public static long spawnJoin(LoopGroup group, int n) {
        int loops = group.size();
        List<CompletableFuture<Long>> results = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            int part = n / loops + (i < n % loops ? 1 : 0);
            results.add(group.submit(i, new CorioPeers.JoinAll(part, k -> new CorioPeers.ReturnOne())));
        }
        long sum = 0;
        for (CompletableFuture<Long> r : results) {
            sum += r.join();
        }
        return sum;
    }
}
