package dev.meshstage.pki;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;

/**
 * A workload identity istiod has minted but not yet signed ({@link WorkloadCertificates#issueLater}): the serial and
 * the time are fixed when it is minted, the certificate is made on first use, once, with them.
 */
public final class PendingIdentity {

    private final IntermediateCa intermediate;
    private final String spiffeId;
    private final Clock at;
    private final BigInteger serial;
    private WorkloadCertificate certificate; // guarded by this

    PendingIdentity(IntermediateCa intermediate, String spiffeId, Clock at, BigInteger serial) {
        this.intermediate = intermediate;
        this.spiffeId = spiffeId;
        this.at = at;
        this.serial = serial;
    }

    public String spiffeId() {
        return spiffeId;
    }

    public BigInteger serial() {
        return serial;
    }

    public Instant issuedAt() {
        return at.instant();
    }

    public synchronized WorkloadCertificate certificate() {
        if (certificate == null) {
            certificate = WorkloadCertificates.issue(intermediate, spiffeId, WorkloadCertificates.DEFAULT_TTL, at, serial);
        }
        return certificate;
    }

    @Override
    public String toString() {
        return "PendingIdentity[" + spiffeId + ", serial " + serial.toString(16) + "]";
    }
}
