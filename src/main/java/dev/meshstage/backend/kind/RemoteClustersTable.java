package dev.meshstage.backend.kind;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code istioctl remote-clusters} (1.28: {@code NAME SECRET STATUS ISTIOD}; later versions add REVISION)
 * by the header's column positions, since the local cluster's SECRET cell is empty.
 */
public final class RemoteClustersTable {

    private RemoteClustersTable() {
    }

    public static List<RemoteClusterStatus> parse(String from, List<String> lines) {
        List<String> rows = lines.stream().filter(l -> !l.isBlank()).toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        String header = rows.get(0);
        int secret = header.indexOf("SECRET");
        int status = header.indexOf("STATUS");
        int istiod = header.indexOf("ISTIOD");
        if (!header.startsWith("NAME") || secret < 0 || status < 0 || istiod < 0) {
            throw new BackendException("istioctl remote-clusters printed an unexpected header: " + header.strip());
        }
        int end = header.indexOf("REVISION");
        List<RemoteClusterStatus> out = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            out.add(new RemoteClusterStatus(from, cell(row, 0, secret), cell(row, secret, status), cell(row, status, istiod),
                    cell(row, istiod, end < 0 ? row.length() : end), "", -1, List.of()));
        }
        return out;
    }

    private static String cell(String row, int from, int to) {
        if (from >= row.length()) {
            return "";
        }
        return row.substring(from, Math.min(to, row.length())).strip();
    }
}
