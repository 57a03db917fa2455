import { randomUUID } from 'node:crypto';
import type { CallCounter } from './call-counter';
import { asGas } from './gas-types';

type BlobApi = Pick<GoogleAppsScript.Base.Blob, 'getBytes' | 'getContentType' | 'getName' | 'setName' | 'getDataAsString'>;

/** Apps Script hands bytes around as signed Java bytes (-128..127). */
export const toSignedBytes = (bytes: Uint8Array): number[] => [...bytes].map((b) => (b > 127 ? b - 256 : b));
export const fromSignedBytes = (bytes: readonly number[]): Uint8Array => Uint8Array.from(bytes, (b) => b & 0xff);

export class EmulatedBlob implements BlobApi {
  constructor(
    readonly bytes: Uint8Array,
    private contentType: string | null,
    private name: string | null,
  ) {}
  getBytes(): number[] {
    return toSignedBytes(this.bytes);
  }
  getContentType(): string | null {
    return this.contentType;
  }
  getName(): string | null {
    return this.name;
  }
  setName(name: string): GoogleAppsScript.Base.Blob {
    this.name = name;
    return asGas(this);
  }
  getDataAsString(): string {
    return Buffer.from(this.bytes).toString('utf8');
  }
}

type FileApi = Pick<GoogleAppsScript.Drive.File, 'getId' | 'getName' | 'getUrl' | 'getSize' | 'getMimeType' | 'getBlob'>;

export class EmulatedDriveFile implements FileApi {
  readonly id = `file-${randomUUID()}`;
  constructor(
    readonly name: string,
    readonly bytes: Uint8Array,
    readonly mimeType: string,
    readonly folder: EmulatedFolder,
  ) {}
  getId(): string {
    return this.id;
  }
  getName(): string {
    return this.name;
  }
  getUrl(): string {
    return `https://drive.google.com/file/d/${this.id}/view`;
  }
  getSize(): number {
    return this.bytes.length;
  }
  getMimeType(): string {
    return this.mimeType;
  }
  getBlob(): GoogleAppsScript.Base.Blob {
    return asGas(new EmulatedBlob(this.bytes, this.mimeType, this.name));
  }
}

function iterator<T>(items: readonly T[]) {
  let i = 0;
  return { hasNext: () => i < items.length, next: () => items[i++] as T, getContinuationToken: () => String(i) };
}

type FolderApi = Pick<
  GoogleAppsScript.Drive.Folder,
  'getId' | 'getName' | 'getUrl' | 'createFolder' | 'createFile' | 'getFoldersByName' | 'getFilesByName'
>;

export class EmulatedFolder implements FolderApi {
  readonly id = `folder-${randomUUID()}`;
  readonly folders: EmulatedFolder[] = [];
  readonly files: EmulatedDriveFile[] = [];
  constructor(
    readonly name: string,
    private readonly drive: EmulatedDrive,
  ) {}
  getId(): string {
    return this.id;
  }
  getName(): string {
    return this.name;
  }
  getUrl(): string {
    return `https://drive.google.com/drive/folders/${this.id}`;
  }
  createFolder(name: string): GoogleAppsScript.Drive.Folder {
    this.drive.counter.count('Folder.createFolder');
    const folder = new EmulatedFolder(name, this.drive);
    this.folders.push(folder);
    return asGas(folder);
  }
  createFile(blob: GoogleAppsScript.Base.BlobSource | string, content?: string, mimeType?: string): GoogleAppsScript.Drive.File {
    this.drive.counter.count('Folder.createFile');
    const file =
      typeof blob === 'string'
        ? new EmulatedDriveFile(blob, Buffer.from(content ?? '', 'utf8'), mimeType ?? 'text/plain', this)
        : (() => {
            const b = blob as unknown as EmulatedBlob;
            return new EmulatedDriveFile(b.getName() ?? 'Untitled', b.bytes, b.getContentType() ?? 'application/octet-stream', this);
          })();
    this.files.push(file);
    this.drive.files.set(file.id, file);
    return asGas(file);
  }
  getFoldersByName(name: string): GoogleAppsScript.Drive.FolderIterator {
    this.drive.counter.count('Folder.getFoldersByName');
    return asGas(iterator(this.folders.filter((f) => f.name === name).map((f) => asGas<GoogleAppsScript.Drive.Folder>(f))));
  }
  getFilesByName(name: string): GoogleAppsScript.Drive.FileIterator {
    this.drive.counter.count('Folder.getFilesByName');
    return asGas(iterator(this.files.filter((f) => f.name === name).map((f) => asGas<GoogleAppsScript.Drive.File>(f))));
  }
}

/**
 * DriveApp under the drive.file scope: the add-on sees only what it created, so searches run
 * over its own folders and files. Files keep their bytes, for tests and the workbench to read.
 */
export class EmulatedDrive {
  readonly root: EmulatedFolder;
  readonly files = new Map<string, EmulatedDriveFile>();
  constructor(readonly counter: CallCounter) {
    this.root = new EmulatedFolder('My Drive', this);
  }
  allFolders(from: EmulatedFolder = this.root): EmulatedFolder[] {
    return from.folders.flatMap((f) => [f, ...this.allFolders(f)]);
  }
  folderOf(path: readonly string[]): EmulatedFolder | undefined {
    let at: EmulatedFolder | undefined = this.root;
    for (const name of path) at = at?.folders.find((f) => f.name === name);
    return at;
  }
  api(): GoogleAppsScript.Drive.DriveApp {
    return driveApp(this);
  }
}

function driveApp(drive: EmulatedDrive): GoogleAppsScript.Drive.DriveApp {
  return asGas<GoogleAppsScript.Drive.DriveApp>({
    getRootFolder: () => asGas<GoogleAppsScript.Drive.Folder>(drive.root),
    createFolder: (name: string) => drive.root.createFolder(name),
    getFoldersByName(name: string) {
      drive.counter.count('DriveApp.getFoldersByName');
      return asGas<GoogleAppsScript.Drive.FolderIterator>(
        iterator(
          drive
            .allFolders()
            .filter((f) => f.name === name)
            .map((f) => asGas<GoogleAppsScript.Drive.Folder>(f)),
        ),
      );
    },
    getFileById(id: string) {
      drive.counter.count('DriveApp.getFileById');
      const file = drive.files.get(id);
      if (!file) throw new Error(`Exception: No item with the given ID could be found. (${id})`);
      return asGas<GoogleAppsScript.Drive.File>(file);
    },
  } satisfies Pick<GoogleAppsScript.Drive.DriveApp, 'getRootFolder' | 'createFolder' | 'getFoldersByName' | 'getFileById'>);
}
