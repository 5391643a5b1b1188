package dev.meshstage.command;

import org.springframework.stereotype.Component;

import java.io.PrintWriter;

/** The console of the command running now; the executor sets it, commands read it. */
@Component
public class Consoles {

    private volatile Console current = new Console(new PrintWriter(System.out, true), false, false, false);

    public Console current() {
        return current;
    }

    void use(Console console) {
        this.current = console;
    }
}
