import { ElMessage } from 'element-plus';
import { ApiError } from '../api/http';
import { describe } from './useProblem';

/**
 * Opens a printed document (the API's PDF) in a new tab, where the browser's viewer prints it. The tab
 * opens on the click itself, so no popup blocker stops it, and then shows the PDF fetched with the token.
 */
export async function openPdf(fetchPdf: () => Promise<{ blob: Blob }>): Promise<void> {
  const view = window.open('', '_blank');
  try {
    const { blob } = await fetchPdf();
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    if (view) view.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    view?.close();
    ElMessage.error(e instanceof ApiError ? describe(e) : '文书打开失败');
  }
}

/** Saves a file the API sends as an attachment (XLSX, CSV) under its own name. */
export async function download(fetchFile: () => Promise<{ blob: Blob; fileName: string | null }>, fallbackName: string): Promise<void> {
  try {
    const { blob, fileName } = await fetchFile();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName ?? fallbackName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? describe(e) : '下载失败');
  }
}
