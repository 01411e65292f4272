package dev.parley.ops;

import dev.parley.config.Setting;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code parley config}: every setting with its default and meaning, as a properties file. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every setting with its default and documentation, in properties-file form.")
final class ConfigCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(render());
        return 0;
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : AllSettings.ALL) {
            out.append("# ").append(setting.doc()).append('\n');
            out.append("# Environment: ").append(String.join(" or ", setting.envNames())).append('\n');
            out.append(setting.key()).append('=').append(setting.defaultText()).append("\n\n");
        }
        return out.toString();
    }
}
