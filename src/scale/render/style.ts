/** The colours a report uses; the CLI passes chalk (or plain identity functions without a TTY). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

const identity = (text: string): string => text;
export const PLAIN_STYLE: Style = { bold: identity, dim: identity, red: identity, yellow: identity, green: identity };
