package dev.meshstage.workshop;

import java.nio.file.Path;

/** Where each workshop file lives inside a workshop directory; the names follow the original workshop repository. */
public final class WorkshopLayout {

    private WorkshopLayout() {
    }

    public static Path configs(Path workshopDir) {
        return workshopDir.resolve("configs");
    }

    public static Path kindDir(Path workshopDir) {
        return configs(workshopDir).resolve("kind");
    }

    public static Path kindConfig(Path workshopDir, String cluster) {
        return kindDir(workshopDir).resolve(cluster + "-config.yaml");
    }

    public static Path metallbConfig(Path workshopDir, String cluster) {
        return configs(workshopDir).resolve("metallb").resolve("metallb-" + cluster + ".yaml");
    }

    public static Path istioConfig(Path workshopDir, String cluster) {
        return configs(workshopDir).resolve("istio").resolve(cluster + ".yaml");
    }

    public static Path eastWestGatewayConfig(Path workshopDir, String cluster) {
        return configs(workshopDir).resolve("istio").resolve("eastwest-gateway-" + cluster + ".yaml");
    }

    public static Path exposeServicesConfig(Path workshopDir) {
        return configs(workshopDir).resolve("istio").resolve("expose-services.yaml");
    }

    public static Path sampleApp(Path workshopDir) {
        return workshopDir.resolve("sample-app");
    }
}
