import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/storybook-static/**',
      '**/coverage/**',
      '.artifacts/**',
      '**/.readme-snippets/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.tsx', 'packages/react/**/*.ts', 'apps/demo/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Style rule: core must stay pure and SDK-free at runtime; simulator imitates Agora, not us.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'agora-rtm-sdk',
              message:
                "core's d.ts names no SDK (optional peers): use the shapes in agora-types.ts",
            },
            {
              name: 'agora-rtc-react',
              message:
                "core's d.ts names no SDK (optional peers): use the shapes in agora-types.ts",
            },
            { name: 'react', message: 'core knows no React' },
          ],
          patterns: [
            {
              group: ['@audience-presence/simulator'],
              message: 'production code must not import the simulator',
            },
          ],
        },
      ],
    },
  },
  {
    // test-utils is private and the simulator is a test double: the published react build bundles neither
    files: ['packages/react/src/**/*.{ts,tsx}'],
    ignores: ['packages/react/src/**/*.stories.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@audience-presence/test-utils'],
              message: 'only stories and tests may import the private test-utils package',
            },
            {
              group: ['@audience-presence/simulator'],
              message: 'production code must not import the simulator (only tests and stories)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/simulator/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'agora-rtm-sdk',
              message:
                'the root d.ts names no SDK: use src/agora-types.ts (SDK types only in src/agora.ts)',
            },
            {
              name: 'agora-rtc-react',
              message:
                'the root d.ts names no SDK: use src/agora-types.ts (SDK types only in src/agora.ts)',
            },
          ],
          patterns: [
            {
              group: ['@audience-presence/*'],
              message: 'the simulator imitates Agora, not us: it must not import our packages',
            },
          ],
        },
      ],
    },
  },
  {
    // the simulator's one entry point typed with the real SDKs (`/agora`)
    files: ['packages/simulator/src/agora.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@audience-presence/*'],
              message: 'the simulator imitates Agora, not us: it must not import our packages',
            },
          ],
        },
      ],
    },
  },
);
