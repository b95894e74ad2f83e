import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/audience-list/audience-list.css';
import '../packages/react/src/audience-chart/audience-chart.css';

/** console.error calls during the current story (see beforeEach / afterEach). */
let consoleErrors: string[] = [];
let restoreConsole: (() => void) | null = null;

/**
 * Every story: autodocs, an accessibility check that fails the story test on
 * any violation, and a console.error trap (stories must render cleanly).
 */
const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    a11y: { test: 'error' },
    layout: 'padded',
    controls: { matchers: { color: /(background|color)$/i } },
  },
  beforeEach() {
    consoleErrors = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      consoleErrors.push(args.map(String).join(' '));
      original(...args);
    };
    restoreConsole = () => {
      console.error = original;
    };
    return () => restoreConsole?.();
  },
  afterEach() {
    // afterEach runs after render and play, and a throw here fails the story test.
    restoreConsole?.();
    restoreConsole = null;
    if (consoleErrors.length > 0) {
      throw new Error(`console.error during the story:\n${consoleErrors.join('\n')}`);
    }
  },
};

export default preview;
