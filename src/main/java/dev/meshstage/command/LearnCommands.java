package dev.meshstage.command;

import dev.meshstage.render.ExplainRenderer;
import dev.meshstage.render.HelpRenderer;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Explanations;
import dev.meshstage.workflow.WorkshopProgress;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code next}, {@code explain}, {@code help}: what to do now, what a step means, how a command is used. */
@Component
public class LearnCommands {

    private final Session session;
    private final WorkshopProgress workshop;
    private final HelpPages help;
    private final Consoles consoles;

    public LearnCommands(Session session, WorkshopProgress workshop, HelpPages help, Consoles consoles) {
        this.session = session;
        this.workshop = workshop;
        this.help = help;
        this.consoles = consoles;
    }

    @Command(name = "next", group = "Learn",
            description = "What to run now and why: the least advanced cluster's next step, and which clusters are ahead")
    public void next() {
        consoles.current().print(WorkshopRenderer.next(workshop.read()));
    }

    @Command(name = "explain", group = "Learn", completionProvider = "learnValues",
            description = "What a step does to each cluster, the workshop files it applies, the idea behind it, and what goes wrong most often")
    public void explain(@Arguments List<String> topic) {
        Console console = consoles.current();
        console.print(ExplainRenderer.render(Explanations.explain(String.join(" ", topic), session.plan()), console.width()));
    }

    @Command(name = "help", group = "Learn", completionProvider = "learnValues",
            description = "Every command, or one command's synopsis, options with defaults and accepted values, examples and see also")
    public void help(@Arguments List<String> command) {
        Console console = consoles.current();
        if (command == null || command.isEmpty()) {
            console.print(HelpRenderer.overview(help.overview(), console.width()));
        } else if (!help.group(String.join(" ", command)).isEmpty()) {
            console.print(HelpRenderer.overview(help.group(String.join(" ", command)), console.width()));
        } else {
            console.print(HelpRenderer.page(help.page(String.join(" ", command)), console.width()));
        }
    }
}
