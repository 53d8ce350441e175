package sovereign.identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A console that answers prompts from a script and records them. */
final class ScriptedConsole implements ConsolePrompt {

  private final Deque<String> answers = new ArrayDeque<>();
  final List<String> prompts = new ArrayList<>();

  ScriptedConsole(String... answers) {
    this.answers.addAll(List.of(answers));
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public char[] readPassword(String prompt) {
    prompts.add(prompt);
    String answer = answers.poll();
    return answer == null ? null : answer.toCharArray();
  }

  /** No console at all, as for a daemon. */
  static ConsolePrompt none() {
    return new ConsolePrompt() {
      @Override
      public boolean available() {
        return false;
      }

      @Override
      public char[] readPassword(String prompt) {
        throw new AssertionError("a headless node must not prompt: " + prompt);
      }
    };
  }
}
