// Sending and fetching files. An upload's body is the file's bytes (not a
// multipart form), sent with XMLHttpRequest so that upload progress can be
// shown and the transfer cancelled; downloads that need the access token go
// through fetch → Blob → an object URL with the file's name.
import { session, refreshTokens } from '../session'
import { ApiError, problemError } from './client'

/** A running upload: its answer, and a way to cancel it. */
export interface UploadHandle<T> {
  /** The decoded JSON answer; rejects with ApiError (code "aborted" when cancelled, "network" when the connection failed). */
  promise: Promise<T>
  /** Cancels the transfer (the promise rejects with code "aborted"). */
  abort(): void
}

interface RawAnswer {
  status: number
  text: string
  retryAfter: string | null
}

/**
 * POSTs `file` as the raw request body to `url` (a full "/api/v1/…" URL),
 * calling onProgress(loaded, total) as bytes go out. A 401 is answered once
 * by refreshing the tokens and sending again.
 */
export function uploadFile<T>(url: string, file: Blob, onProgress?: (loaded: number, total: number) => void): UploadHandle<T> {
  let current: XMLHttpRequest | null = null
  let aborted = false

  function sendOnce(): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      current = xhr
      xhr.open('POST', url)
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
      // The server sniffs the content; what the browser thinks the type is does not matter.
      xhr.setRequestHeader('Content-Type', 'application/octet-stream')
      const token = session.accessToken
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size)
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader('Retry-After') })
      xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload failed'))
      xhr.ontimeout = () => reject(new ApiError(0, 'network', 'the upload timed out'))
      xhr.onabort = () => reject(new ApiError(0, 'aborted', 'the upload was cancelled'))
      if (aborted) {
        reject(new ApiError(0, 'aborted', 'the upload was cancelled'))
        return
      }
      onProgress?.(0, file.size)
      xhr.send(file)
    })
  }

  const promise = (async () => {
    let answer = await sendOnce()
    if (answer.status === 401 && session.refreshToken && !aborted) {
      if (await refreshTokens()) answer = await sendOnce()
    }
    if (answer.status < 200 || answer.status >= 300) throw problemError(answer.status, answer.text, answer.retryAfter)
    onProgress?.(file.size, file.size)
    return (answer.text ? JSON.parse(answer.text) : undefined) as T
  })()

  return {
    promise,
    abort() {
      aborted = true
      current?.abort()
    },
  }
}

async function fetchWithToken(url: string): Promise<Response> {
  const send = () => {
    const headers: Record<string, string> = {}
    if (session.accessToken) headers.Authorization = `Bearer ${session.accessToken}`
    return fetch(url, { headers })
  }
  let res: Response
  try {
    res = await send()
    if (res.status === 401 && session.refreshToken && (await refreshTokens())) res = await send()
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  if (!res.ok) throw problemError(res.status, await res.text().catch(() => ''), res.headers.get('Retry-After'))
  return res
}

/**
 * Downloads a file that needs the access token (a draft's or a bid's): the
 * bytes are fetched, then saved under `fileName` through a temporary link.
 */
export async function downloadWithToken(url: string, fileName: string): Promise<void> {
  const res = await fetchWithToken(url)
  const blob = await res.blob()
  const objectURL = URL.createObjectURL(blob)
  try {
    const a = document.createElement('a')
    a.href = objectURL
    a.download = fileName
    a.rel = 'noopener'
    a.style.display = 'none'
    document.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    // Give the browser time to start saving before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(objectURL), 60_000)
  }
}
