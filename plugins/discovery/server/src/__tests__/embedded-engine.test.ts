import { EmbeddedEngine } from '../engines/embedded';
import { engineContract } from './engine-contract';

engineContract('embedded (MiniSearch)', async () => new EmbeddedEngine());
