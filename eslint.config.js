// Lint as architecture. The layers of docs/architecture.md are enforced here, so the layout stays
// true without anyone remembering it. Do not relax these rules: move the code instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE = [
  'errors',
  'i18n',
  'pdf',
  'cms',
  'sign',
  'verify',
  'pkcs11',
  'keychain',
  'seals',
  'library',
  'audit',
  'sync',
  'ltv',
];
const DOORS = ['cli', 'electron', 'web'];

const dir = (name) => ({ group: [`**/${name}`, `**/${name}/**`, `${name}/**`] });

/** Package allow-lists: a package may be imported only by the listed zone. */
const PACKAGE_OWNERS = [
  { name: 'pkcs11js', owner: 'main/pkcs11', message: 'pkcs11js is used only in main/pkcs11.' },
  {
    name: 'pdfjs-dist',
    owner: 'renderer/src/features/viewer',
    message: 'pdfjs-dist is used only by the viewer.',
  },
  { name: '@aws-sdk/*', owner: 'main/sync', message: 'The S3 SDK is used only in main/sync.' },
  {
    name: 'electron',
    owner: 'main/electron',
    message: "Only main/electron (and preload/index.ts) import 'electron'.",
  },
];

/** Builds the complete no-restricted-imports options for a zone (one block per file wins). */
function restrict(zonePath, { patterns = [], allow = [] } = {}) {
  const pkgPatterns = PACKAGE_OWNERS.filter(
    (p) => !zonePath.startsWith(p.owner) && !allow.includes(p.name),
  ).map((p) => ({ group: [p.name, `${p.name}/**`], message: p.message }));
  return ['error', { patterns: [...pkgPatterns, ...patterns] }];
}

const coreBlocks = CORE.map((m) => {
  const forbidden = [
    ...['host', ...DOORS].map((d) => ({
      ...dir(`main/${d}`),
      message: `Core module main/${m} must not import the application layer or a door.`,
    })),
    {
      group: ['**/renderer/**', '**/preload/**'],
      message: 'Core modules never import the UI side.',
    },
  ];
  if (m === 'sign')
    forbidden.push({
      ...dir('verify'),
      message: 'sign and verify share pdf and cms but never import each other.',
    });
  if (m === 'verify')
    forbidden.push({
      ...dir('sign'),
      message: 'sign and verify share pdf and cms but never import each other.',
    });
  return {
    files: [`main/${m}/**/*.ts`],
    rules: { 'no-restricted-imports': restrict(`main/${m}`, { patterns: forbidden }) },
  };
});

/** What a door may import of the core for values: errors and messages; the rest via main/host. */
const DOOR_CORE_VALUES = CORE.filter((m) => m !== 'errors' && m !== 'i18n');

const doorBlocks = DOORS.map((d) => ({
  files: [`main/${d}/**/*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: DOOR_CORE_VALUES.map((m) => ({
          group: [
            `**/main/${m}`,
            `**/main/${m}/**`,
            `../../${m}`,
            `../../${m}/**`,
            `../${m}`,
            `../${m}/**`,
          ],
          allowTypeImports: true,
          message: `The doors use main/${m} through main/host (types may be imported directly).`,
        })),
      },
    ],
    'no-restricted-imports': restrict(`main/${d}`, {
      patterns: DOORS.filter((o) => o !== d).map((o) => ({
        ...dir(o),
        message: 'The doors (cli, electron, web) call main/host, never each other.',
      })),
    }),
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'coverage/**',
      'tests/artifacts/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  { files: ['**/*.ts', '**/*.tsx'], rules: { 'no-restricted-imports': restrict('', {}) } },
  ...coreBlocks,
  {
    files: ['main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('main/host', {
        patterns: DOORS.map((d) => ({
          ...dir(`main/${d}`),
          message: 'main/host is called by the doors; it never imports them.',
        })),
      }),
    },
  },
  ...doorBlocks,
  {
    files: ['preload/index.ts'],
    rules: {
      'no-restricted-imports': restrict('main/electron', {
        patterns: [{ group: ['**/main/**'], message: 'The preload exposes the contract only.' }],
      }),
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('preload/contract', {
        patterns: [
          {
            group: ['**/main/**', '**/renderer/**', 'electron'],
            message: 'The contract is zod schemas and types only.',
          },
        ],
      }),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**'],
              message: 'The renderer talks to main only through the contract.',
            },
            {
              group: ['**/preload/contract', '**/preload/contract/**'],
              allowTypeImports: true,
              message: 'The renderer imports only types from preload/contract.',
            },
          ],
        },
      ],
      'no-restricted-imports': restrict('renderer', {}),
    },
  },
  {
    files: ['renderer/src/features/viewer/**/*.ts', 'renderer/src/features/viewer/**/*.tsx'],
    rules: { 'no-restricted-imports': restrict('renderer/src/features/viewer', {}) },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
