package dev.meshstage.command;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Shell 4.0.1 gives a primitive option that was not typed its Java default (0, false) and ignores
 * {@code defaultValue}: every option with a default must be a boxed type, or `app open` opens port 0.
 */
class CommandOptionsTest {

    @Test
    void optionsWithDefaultsAreNotPrimitives() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(true);
        List<String> wrong = new ArrayList<>();
        int options = 0;
        for (var bean : scanner.findCandidateComponents("dev.meshstage.command")) {
            for (Method m : Class.forName(bean.getBeanClassName()).getDeclaredMethods()) {
                if (!m.isAnnotationPresent(Command.class)) {
                    continue;
                }
                for (Parameter p : m.getParameters()) {
                    Option o = p.getAnnotation(Option.class);
                    if (o != null) {
                        options++;
                        if (!o.defaultValue().isEmpty() && p.getType().isPrimitive()) {
                            wrong.add(m.getDeclaringClass().getSimpleName() + "." + m.getName() + " --" + o.longName());
                        }
                    }
                }
            }
        }
        assertThat(options).as("options found").isGreaterThan(5);
        assertThat(wrong).isEmpty();
    }
}
