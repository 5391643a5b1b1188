package dev.meshstage.pki;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CaKeyReserveTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final AtomicInteger made = new AtomicInteger();
    /** Stand-in keys (no RSA maths): what matters here is how many are made and which is handed out. */
    private final CaKeyReserve reserve = new CaKeyReserve(() -> {
        made.incrementAndGet();
        return new KeyPair(null, null);
    }, pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void fillMakesKeysUpToTheCountAndNoMore() {
        reserve.fill(3);
        reserve.fill(2);
        reserve.fill(3);
        assertThat(reserve.size()).isEqualTo(3);
        reserve.take(3).forEach(CompletableFuture::join);
        assertThat(made).hasValue(3);
    }

    @Test
    void takeHandsOutTheOldestKeysAndKeepsNoneOfThemOnce() {
        reserve.fill(3);
        List<CompletableFuture<KeyPair>> all = List.copyOf(reserve.take(0));
        assertThat(all).isEmpty();
        List<CompletableFuture<KeyPair>> first = reserve.take(2);
        assertThat(first).hasSize(2);
        assertThat(reserve.size()).isEqualTo(1);
        List<CompletableFuture<KeyPair>> rest = reserve.take(5);
        assertThat(rest).hasSize(1);
        assertThat(reserve.take(1)).isEmpty();
        KeyPair a = first.get(0).join();
        KeyPair b = first.get(1).join();
        KeyPair c = rest.get(0).join();
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    }

    @Test
    void anEmptyReserveGivesNothingAndRefillsAfterATake() {
        assertThat(reserve.take(3)).isEmpty();
        reserve.fill(1);
        reserve.take(1).get(0).join();
        reserve.fill(1);
        assertThat(reserve.size()).isEqualTo(1);
        reserve.take(1).get(0).join();
        assertThat(made).hasValue(2);
    }

    @Test
    void aKeyThatFailedIsHandedOutFailedForTheCaToMakeAgain() {
        CaKeyReserve failing = new CaKeyReserve(() -> {
            throw new IllegalStateException("openssl genrsa: exit 1");
        }, pool);
        failing.fill(1);
        assertThat(failing.take(1).get(0)).failsWithin(java.time.Duration.ofSeconds(10));
    }
}
