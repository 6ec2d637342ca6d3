import { twoFilesAtOnce } from '../../vitest.shared.ts';

export default twoFilesAtOnce;
