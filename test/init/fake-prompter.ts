import type { Prompter } from '../../src/inventory/wizard.js';

/**
 * A scripted Prompter: answers are queued per question, matched by the start of its message.
 * Like inquirer, an empty answer takes the default and an answer that fails `validate` is
 * recorded and the question asked again with the next queued answer.
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  readonly rejected: Array<{ message: string; answer: string; problem: string }> = [];
  private readonly script: Array<[string, Array<string | boolean>]>;

  constructor(script: Record<string, Array<string | boolean>> = {}) {
    this.script = Object.entries(script).map(([prefix, answers]) => [prefix, [...answers]]);
  }

  private next(message: string): string | boolean | undefined {
    this.asked.push(message);
    return this.script.find(([prefix, answers]) => message.startsWith(prefix) && answers.length > 0)?.[1].shift();
  }

  async input(question: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const scripted = this.next(question.message);
      const answer = scripted === undefined || scripted === '' ? (question.default ?? '') : String(scripted);
      const verdict = question.validate ? question.validate(answer) : true;
      if (verdict === true) return answer;
      this.rejected.push({ message: question.message, answer, problem: verdict });
      if (scripted === undefined) break;
    }
    throw new Error(`no valid answer scripted for "${question.message}"`);
  }

  async select<T extends string>(question: { message: string; choices: Array<{ name: string; value: T }>; default?: T }): Promise<T> {
    const scripted = this.next(question.message);
    const choice = question.choices.find((c) => c.value === scripted) ?? question.choices.find((c) => c.value === question.default);
    if (scripted !== undefined && choice?.value !== scripted) throw new Error(`"${String(scripted)}" is not a choice of "${question.message}"`);
    if (!choice) throw new Error(`no default for "${question.message}"`);
    return choice.value;
  }

  async confirm(question: { message: string; default?: boolean }): Promise<boolean> {
    const scripted = this.next(question.message);
    return typeof scripted === 'boolean' ? scripted : (question.default ?? false);
  }
}
