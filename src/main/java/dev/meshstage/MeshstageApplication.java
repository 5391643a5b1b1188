package dev.meshstage;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The meshstage program: global options first, then Spring Shell with our own runner. */
@SpringBootApplication
public class MeshstageApplication {

    public static void main(String[] args) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        quietLogging(invocation);
        int code = SpringApplication.exit(start(invocation));
        System.exit(code);
    }

    /** Starts the application context for an invocation; its runner acts unless the mode is EMBEDDED. */
    public static ConfigurableApplicationContext start(Invocation invocation) {
        return start(invocation, null);
    }

    /**
     * The same, with the prompt's history (made before the context, see {@code Main}) as the application's, so
     * Spring Shell's {@code history} command and its save at close are of the lines the prompt keeps.
     */
    public static ConfigurableApplicationContext start(Invocation invocation, org.jline.reader.History history) {
        SpringApplication app = new SpringApplication(MeshstageApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        // the prompt's history lives with the rest of the state, not in whatever directory the shell started in
        app.setDefaultProperties(java.util.Map.of("spring.shell.history.name",
                invocation.home().resolve("history").toString()));
        app.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("invocation", invocation);
            if (history != null) {
                ctx.getBeanFactory().registerSingleton("promptHistory", history);
            }
        });
        return app.run();
    }

    /** Framework log lines go to $MESHSTAGE_HOME/logs/meshstage.log, never to the terminal. */
    static void quietLogging(Invocation invocation) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(invocation.debug() ? Level.FINE : Level.INFO);
        try {
            Files.createDirectories(invocation.home().resolve("logs"));
            Handler file = new FileHandler(invocation.home().resolve("logs/meshstage.log").toString(), 5_000_000, 1, true);
            file.setFormatter(new SimpleFormatter());
            root.addHandler(file);
        } catch (IOException e) {
            // no log file is not a reason to refuse to run; the shell itself reports what matters
        }
    }
}
