package sovereign.skill.greet;

import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import sovereign.api.skills.Skill;
import sovereign.api.skills.SkillContext;

/** A well-behaved Java skill: greets its input and logs one line ({@code host.log}). */
@Component(property = Skill.NAME + "=greet")
public final class GreetSkill implements Skill {

  @Override
  public byte[] run(byte[] input, SkillContext context) {
    String name = new String(input, StandardCharsets.UTF_8);
    context.log("greeting " + name);
    return ("Hello, " + name + "!").getBytes(StandardCharsets.UTF_8);
  }
}
