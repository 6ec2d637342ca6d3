import { mergeConfig } from 'vitest/config';
import { sharedModules, twoFilesAtOnce } from '../../vitest.shared.ts';

export default mergeConfig(twoFilesAtOnce, sharedModules);
