import type { ActionAnswer } from '../actions/console-actions.js';

/** A delivery's answer to an action, or why it was refused (with every problem of a corrected destination by path). */
export function ActionAnswerView(props: { answer: ActionAnswer; what: string }) {
  const { answer } = props;
  return (
    <div class={answer.ok ? 'answer ok' : 'answer refused'} role="status">
      <strong>{answer.ok ? `${props.what}: done.` : `${props.what}: refused.`}</strong> <span class="message">{answer.message}</span>
      {answer.issues && (
        <ul>
          {answer.issues.map((i) => (
            <li>
              <code>{i.path || '(whole destination)'}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
