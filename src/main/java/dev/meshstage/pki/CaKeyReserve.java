package dev.meshstage.pki;

import java.security.KeyPair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * RSA-4096 keys for the mesh CA made ahead, while the steps before {@code mesh install} run or the presenter talks:
 * three of them are what that step waits for most (1–3 s of openssl each, at random: the prime search). Filled when
 * clusters are created in a home without a mesh CA, and only where openssl makes the keys (the background server);
 * the keys stay in this process's memory until the CA takes them and are never written anywhere else. The makers run
 * at the lowest priority, so the commands in between keep the cores.
 */
final class CaKeyReserve {

    private static final CaKeyReserve SHARED = new CaKeyReserve(() -> RsaKeys.generateNiced(4096),
            Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), task -> {
                Thread t = new Thread(task, "meshca-keys-ahead");
                t.setDaemon(true);
                return t;
            }));

    private final Supplier<KeyPair> maker;
    private final ExecutorService pool;
    private final Deque<CompletableFuture<KeyPair>> keys = new ArrayDeque<>();

    CaKeyReserve(Supplier<KeyPair> maker, ExecutorService pool) {
        this.maker = maker;
        this.pool = pool;
    }

    static CaKeyReserve shared() {
        return SHARED;
    }

    /** Starts making keys until {@code count} are made or in the making. */
    synchronized void fill(int count) {
        while (keys.size() < count) {
            keys.add(CompletableFuture.supplyAsync(maker, pool));
        }
    }

    /** Up to {@code count} keys, made or in the making, oldest first; the reserve keeps none of them. */
    synchronized List<CompletableFuture<KeyPair>> take(int count) {
        List<CompletableFuture<KeyPair>> taken = new ArrayList<>();
        while (taken.size() < count && !keys.isEmpty()) {
            taken.add(keys.poll());
        }
        return taken;
    }

    synchronized int size() {
        return keys.size();
    }
}
