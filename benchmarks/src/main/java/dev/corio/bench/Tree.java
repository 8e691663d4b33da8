package dev.corio.bench;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tree shaped like a discussion thread, for the fan-out workload: node 0 is the post, every other node a
 * comment replying to an earlier node. Parents are picked by preferential attachment (a node that already has
 * replies is more likely to get another), which gives what real threads show: a few comments with many
 * replies, most with none, reply chains a handful deep. Deterministic for a given size and seed.
 */
public final class Tree {
    /** One post or comment. */
    public static final class Node {
        public final int id;
        public Node[] children = NONE;

        Node(int id) {
            this.id = id;
        }
    }

    static final Node[] NONE = new Node[0];
    private static final ConcurrentHashMap<Integer, Tree> CACHE = new ConcurrentHashMap<>();

    public final Node root;
    public final int size;
    public final int depth;
    public final int maxChildren;

    private Tree(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a tree needs at least one node, got " + size);
        }
        int[] parent = new int[size];
        int[] childCount = new int[size];
        // Each node appears once, plus once more per reply it has: picking uniformly from this list picks a
        // parent with probability proportional to (replies + 1).
        int[] urn = new int[2 * size];
        int urnSize = 0;
        urn[urnSize++] = 0;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 1; i < size; i++) {
            int p = urn[rnd.nextInt(urnSize)];
            parent[i] = p;
            childCount[p]++;
            urn[urnSize++] = i;
            urn[urnSize++] = p;
        }
        Node[] nodes = new Node[size];
        for (int i = 0; i < size; i++) {
            nodes[i] = new Node(i);
            if (childCount[i] > 0) {
                nodes[i].children = new Node[childCount[i]];
            }
        }
        int[] filled = new int[size];
        int[] level = new int[size];
        int deepest = 0;
        int widest = 0;
        for (int i = 1; i < size; i++) {
            int p = parent[i];
            nodes[p].children[filled[p]++] = nodes[i];
            level[i] = level[p] + 1; // parents come before their children
            deepest = Math.max(deepest, level[i]);
        }
        for (int c : childCount) {
            widest = Math.max(widest, c);
        }
        this.root = nodes[0];
        this.size = size;
        this.depth = deepest;
        this.maxChildren = widest;
    }

    /** The tree of {@code size} nodes (seed 8863), built once per size and shared. */
    public static Tree of(int size) {
        return CACHE.computeIfAbsent(size, s -> new Tree(s, 8863));
    }

    /** Counts the nodes synchronously: the reference every peer's fan-out must match. */
    public static int countSync(Node n) {
        int sum = 1;
        for (Node c : n.children) {
            sum += countSync(c);
        }
        return sum;
    }
}
